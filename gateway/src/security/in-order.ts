import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';

/**
 * Runs the `didResolveOperation` checks of several plugins one after the other, in the order
 * given. Apollo Server runs every plugin's hook at once, so a cheap refusal (a control
 * character, an operation over its cost) would not stop a costly check running beside it
 * (the reference check's calls to the owning subgraphs); in order, the first refusal wins and
 * nothing after it runs.
 */
export function inOrder<TContext extends BaseContext>(...plugins: ApolloServerPlugin<TContext>[]): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart(requestContext) {
      const listeners = (await Promise.all(plugins.map((p) => p.requestDidStart?.(requestContext))))
        .filter((l): l is GraphQLRequestListener<TContext> => Boolean(l));
      const hooks = listeners.map((l) => l.didResolveOperation?.bind(l)).filter((h) => h !== undefined);
      if (!hooks.length) return {};
      return {
        async didResolveOperation(context) {
          for (const hook of hooks) await hook(context);
        },
      };
    },
  };
}
