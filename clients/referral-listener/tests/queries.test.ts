import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { ACKNOWLEDGE_REFERRAL, OPEN_REFERRALS, REFERRAL_CREATED } from '../src/queries.js';

/** What the listener sends must stay valid against the hub's contract, not just the test server. */
test('the subscription, query and mutation are valid against schema/supergraph.graphql', () => {
  const sdl = readFileSync(path.resolve(__dirname, '../../../schema/supergraph.graphql'), 'utf8');
  const schema = buildSchema(sdl, { assumeValidSDL: true });
  for (const document of [REFERRAL_CREATED, OPEN_REFERRALS, ACKNOWLEDGE_REFERRAL]) {
    expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
  }
});
