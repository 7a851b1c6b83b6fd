import { chooseOrganization } from '../src/organization-choice.js';

const org = (id: string, kind = 'COURT_INVITED') => ({ id, name: `Org ${id}`, kind });
const mediator = (organizationId: string, ...expertise: string[]) => ({ organizationId, expertise });
const load = (entries: Record<string, number> = {}) => new Map(Object.entries(entries));

describe('choosing an organisation for a route without a destination', () => {
  test('only organisations with a mediator experienced in the category, when there are any', () => {
    const choice = chooseOrganization([org('a'), org('b')], [mediator('a', 'CONTRACT'), mediator('b', 'TRADEMARK')], load({ b: 5 }), 'trademark');
    expect(choice).toEqual({ organization: org('b'), reason: 'has 1 mediator experienced in trademark disputes, 5 open cases' });
  });

  test('fewest open cases first, then more mediators covering the category, then by id', () => {
    const orgs = [org('c'), org('b'), org('a')];
    const mediators = [mediator('a', 'CONTRACT'), mediator('b', 'CONTRACT'), mediator('b', 'CONTRACT'), mediator('c', 'CONTRACT')];
    expect(chooseOrganization(orgs, mediators, load({ a: 2, b: 2, c: 1 }), 'CONTRACT')!.organization.id).toBe('c');
    expect(chooseOrganization(orgs, mediators, load({ a: 2, b: 2, c: 2 }), 'CONTRACT')!.organization.id).toBe('b');
    expect(chooseOrganization(orgs, [mediator('a', 'CONTRACT'), mediator('c', 'CONTRACT')], load(), 'CONTRACT')!.organization.id).toBe('a');
  });

  test('a cross-border centre only when no other organisation can take the case', () => {
    const orgs = [org('hk', 'CROSS_BORDER'), org('yiwu')];
    expect(chooseOrganization(orgs, [mediator('hk', 'CONTRACT'), mediator('yiwu', 'CONTRACT')], load({ yiwu: 9 }), 'CONTRACT')!.organization.id).toBe('yiwu');
    expect(chooseOrganization(orgs, [mediator('hk', 'CONTRACT'), mediator('yiwu', 'TRADEMARK')], load(), 'CONTRACT')!.organization.id).toBe('hk');
  });

  test('when nobody lists the category, any organisation with mediators; never one without', () => {
    const choice = chooseOrganization([org('empty'), org('a'), org('b')], [mediator('a', 'CONTRACT'), mediator('b', 'TRADEMARK')], load({ a: 1 }), 'PATENT');
    expect(choice).toEqual({ organization: org('b'), reason: 'no organisation lists PATENT expertise; it has mediators, 0 open cases' });
    expect(chooseOrganization([org('empty')], [], load(), 'CONTRACT')).toBeNull();
  });
});
