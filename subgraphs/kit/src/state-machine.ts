import { invalidTransition } from './errors.js';

/**
 * A lifecycle as data: each action names the states it may start from and the state it
 * leads to. `next` answers the new state or throws INVALID_TRANSITION with the current one,
 * so every subgraph refuses a wrong move in the same words.
 */
export interface Lifecycle<S extends string, A extends string> {
  readonly name: string;
  readonly actions: Readonly<Record<A, { from: readonly S[]; to: S }>>;
  next(current: S, action: A): S;
  allowed(current: S): A[];
}

export function defineLifecycle<S extends string, A extends string>(
  name: string,
  actions: Record<A, { from: readonly S[]; to: S }>,
): Lifecycle<S, A> {
  return {
    name,
    actions,
    next(current, action) {
      const rule = actions[action];
      if (!rule.from.includes(current)) {
        const can = (Object.keys(actions) as A[]).filter((a) => actions[a].from.includes(current));
        throw invalidTransition(
          `A ${name} that is ${current} cannot ${String(action)}${can.length ? `; it can: ${can.join(', ')}` : ''}`,
          current,
        );
      }
      return rule.to;
    },
    allowed(current) {
      return (Object.keys(actions) as A[]).filter((a) => actions[a].from.includes(current));
    },
  };
}
