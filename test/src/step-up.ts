// Step-up for legal acts in end-to-end tests (docs/step-up.md): a party asks identity for a
// code, reads it where the demo's simulated providers put it (the dev message log, read as an
// admin), and exchanges it at the gateway for a proof sent with the act.
import { decodeJwt } from 'jose';
import type { GraphQLResponse, Hub } from './harness.js';

export const STEP_UP_HEADER = 'Fengqiao-Step-Up';

const REQUEST = `mutation StepUpRequest($input: RequestActConfirmationInput!) { requestActConfirmation(input: $input) { id act channel sentTo expiresAt } }`;
const LOG = `query StepUpLog($p: ID!) { devMessageLog(partyId: $p, first: 1) { text sentAt } }`;

export interface Challenge {
  id: string;
  act: string;
  channel: string;
  sentTo: string;
  expiresAt: string;
}

export interface StepUpRequired {
  act: string;
  subjectId: string;
  contentHash: string;
}

/** The party a token names. */
export const partyOf = (token: string) => decodeJwt(token).sub!;

/** Asks identity for a code for this act; throws on refusal. */
export async function requestCode(hub: Hub, token: string, act: string, subjectId: string, contentHash: string): Promise<Challenge> {
  const r = await hub.query<{ requestActConfirmation: Challenge }>(REQUEST, { input: { act, subjectId, contentHash } }, token);
  if (r.errors) throw new Error(`requestActConfirmation refused: ${JSON.stringify(r.errors)}`);
  return r.data!.requestActConfirmation;
}

/** The newest code sent to the party, as the party reads it on its phone (here: the demo's message log). */
export async function readCode(hub: Hub, partyId: string): Promise<string> {
  const r = await hub.query<{ devMessageLog: { text: string }[] }>(LOG, { p: partyId }, await hub.token('admin', { sub: 'test-admin' }));
  const code = /验证码 (\d{6})/.exec(r.data?.devMessageLog[0]?.text ?? '')?.[1];
  if (!code) throw new Error(`no code in the message log of ${partyId}: ${JSON.stringify(r)}`);
  return code;
}

/** POST /auth/step-up; answers the HTTP status and body. */
export async function exchangeCode(hub: Hub, token: string, challengeId: string, code: string): Promise<{ status: number; body: any }> {
  const res = await fetch(new URL('/auth/step-up', hub.gatewayUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ challengeId, code }),
  });
  return { status: res.status, body: await res.json() };
}

/** The whole confirmation: code requested, read and exchanged. Answers the proof and the challenge id. */
export async function stepUp(hub: Hub, token: string, act: string, subjectId: string, contentHash: string): Promise<{ proof: string; challengeId: string }> {
  const challenge = await requestCode(hub, token, act, subjectId, contentHash);
  const { status, body } = await exchangeCode(hub, token, challenge.id, await readCode(hub, partyOf(token)));
  if (status !== 200) throw new Error(`/auth/step-up answered ${status}: ${JSON.stringify(body)}`);
  return { proof: body.proof, challengeId: challenge.id };
}

/** What an act's STEP_UP_REQUIRED error asks the party to confirm, if that is how it was refused. */
export function stepUpRequired(res: GraphQLResponse): StepUpRequired | undefined {
  const ext = res.errors?.find((e) => e.extensions?.code === 'STEP_UP_REQUIRED')?.extensions;
  return ext ? { act: ext.act, subjectId: ext.subjectId, contentHash: ext.contentHash } : undefined;
}

/**
 * Runs a legal act as a party the way a client does: tries it; when it is refused
 * STEP_UP_REQUIRED, confirms exactly what the refusal names with a code and sends it again
 * with the proof.
 */
export async function actAsParty<T = any>(hub: Hub, query: string, variables: Record<string, unknown>, token: string): Promise<GraphQLResponse<T>> {
  const first = await hub.query<T>(query, variables, token);
  const needed = stepUpRequired(first);
  if (!needed) return first;
  const { proof } = await stepUp(hub, token, needed.act, needed.subjectId, needed.contentHash);
  return hub.query<T>(query, variables, token, { [STEP_UP_HEADER]: proof });
}
