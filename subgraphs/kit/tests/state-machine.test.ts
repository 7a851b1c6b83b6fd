import { defineLifecycle, HubError } from '../src/index.js';

const lifecycle = defineLifecycle('mediation case', {
  accept: { from: ['REFERRED'], to: 'ACCEPTED' },
  assign: { from: ['ACCEPTED'], to: 'MEDIATOR_ASSIGNED' },
  withdraw: { from: ['REFERRED', 'ACCEPTED', 'MEDIATOR_ASSIGNED'], to: 'WITHDRAWN' },
});

test('moves along allowed actions', () => {
  expect(lifecycle.next('REFERRED', 'accept')).toBe('ACCEPTED');
  expect(lifecycle.allowed('ACCEPTED')).toEqual(['assign', 'withdraw']);
});

test('refuses a wrong move with INVALID_TRANSITION and the current state', () => {
  try {
    lifecycle.next('WITHDRAWN', 'assign');
    throw new Error('expected a refusal');
  } catch (err) {
    expect(err).toBeInstanceOf(HubError);
    expect((err as HubError).extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'WITHDRAWN' });
  }
});
