import { DEMO } from '@fengqiao/subgraph-kit';
import type { LaunchedHub } from './processes.js';

/**
 * Idempotent writes, one kind per subgraph, for the fault suite: each is retried with the
 * same key and the same input until the hub acknowledges it, as a client following the
 * hub's advice would. What each one stores can be counted with SQL afterwards.
 */
export interface WriteKind {
  subgraph: string;
  role: Parameters<LaunchedHub['token']>[0];
  claims?: { sub?: string; org?: string };
  mutation: string;
  field: string;
  /** The input of write number `n`; `tag` marks what this run stored. */
  input(tag: string, n: number, prepared: string[]): Record<string, unknown>;
  /** How many disputes it needs filed beforehand (as `prepared`). */
  needsDisputes?: number;
  /** SQL selecting (id) of what this run stored: $1 is the tag, or the prepared dispute ids when it `needsDisputes`. */
  stored: string;
}

const P = DEMO.parties;
const COURT = DEMO.courts.yiwu;
/** Distinct passport numbers per run: six digits from the tag. */
const tagNumber = (tag: string) => String([...tag].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_000, 7)).padStart(6, '0');
const later = () => new Date(Date.now() + 90 * 24 * 3600_000).toISOString();

export const WRITES: WriteKind[] = [
  {
    subgraph: 'disputes', role: 'party', claims: { sub: P.buyerWangFang },
    mutation: 'mutation($input: FileDisputeInput!, $key: String!) { fileDispute(input: $input, idempotencyKey: $key) { id } }',
    field: 'fileDispute',
    input: (tag, n) => ({ title: `${tag} ${n}`, description: 'Lanterns arrived broken', category: 'CONSUMER_PURCHASE', respondentId: P.merchantYiwuCrafts, claimAmount: '120.00' }),
    stored: "select id from disputes.disputes where title like $1 || ' %'",
  },
  {
    subgraph: 'identity', role: 'admin',
    mutation: 'mutation($input: RegisterPartyInput!, $key: String!) { registerParty(input: $input, idempotencyKey: $key) { id } }',
    field: 'registerParty',
    input: (tag, n) => ({ name: `${tag} ${n}`, kind: 'NATURAL_PERSON', idType: 'PASSPORT', idNumber: `E${tagNumber(tag)}${String(n).padStart(4, '0')}` }),
    stored: "select id from identity.parties where name like $1 || ' %'",
  },
  {
    subgraph: 'platforms', role: 'admin',
    mutation: 'mutation($input: RecordOrderInput!, $key: String!) { recordOrder(input: $input, idempotencyKey: $key) { id } }',
    field: 'recordOrder',
    input: (tag, n) => ({ storeId: DEMO.stores.yiwuCrafts, orderNumber: `${tag}-${n}`, amount: '88.00', itemSummary: 'Paper lanterns', placedAt: new Date().toISOString(), buyerId: P.buyerWangFang }),
    stored: "select id from platforms.orders where order_number like $1 || '-%'",
  },
  {
    subgraph: 'mediation', role: 'court', claims: { sub: 'judge-yiwu-faults', org: COURT }, needsDisputes: 40,
    mutation: 'mutation($input: ReferToMediationInput!, $key: String!) { referToMediation(input: $input, idempotencyKey: $key) { id } }',
    field: 'referToMediation',
    input: (_tag, n, prepared) => ({
      disputeId: prepared[n]!, organizationId: DEMO.mediationOrganizations.yiwuMarketMediation,
      claimantId: P.buyerWangFang, respondentId: P.merchantYiwuCrafts, category: 'CONSUMER_PURCHASE',
    }),
    stored: 'select id from mediation.mediation_cases where dispute_id = any($1)',
  },
  {
    subgraph: 'arbitration', role: 'admin',
    mutation: 'mutation($input: RecordArbitrationAgreementInput!, $key: String!) { recordArbitrationAgreement(input: $input, idempotencyKey: $key) { id } }',
    field: 'recordArbitrationAgreement',
    input: (tag, n) => ({
      partyIds: [P.supplierCo, P.merchantYiwuCrafts], institutionId: DEMO.arbitrationInstitutions.shanghai, source: 'CONTRACT',
      clauseText: `${tag} ${n}: disputes go to the Shanghai International Arbitration Center`, signedAt: '2025-03-01T00:00:00Z',
    }),
    stored: "select id from arbitration.arbitration_agreements where clause_text like $1 || ' %'",
  },
  {
    subgraph: 'courts', role: 'court', claims: { sub: 'judge-yiwu-faults', org: COURT }, needsDisputes: 40,
    mutation: 'mutation($input: FileLawsuitInput!, $key: String!) { fileLawsuit(input: $input, idempotencyKey: $key) { id } }',
    field: 'fileLawsuit',
    input: (_tag, n, prepared) => ({
      disputeId: prepared[n]!, claimantId: P.buyerWangFang, respondentId: P.merchantYiwuCrafts, category: 'CONSUMER_PURCHASE',
      claimType: 'refund of the price of goods', claimAmount: '120.00', filedAtCourtId: COURT, regionCode: '330782',
    }),
    stored: 'select id from courts.litigation_cases where dispute_id = any($1)',
  },
  {
    subgraph: 'credit', role: 'party', claims: { sub: P.buyerWangFang },
    mutation: 'mutation($input: GrantCreditConsentInput!, $key: String!) { grantCreditConsent(input: $input, idempotencyKey: $key) { id } }',
    field: 'grantCreditConsent',
    input: (tag, n) => ({ recipientId: DEMO.platforms.silkRoadMall, purpose: `${tag} ${n}: a loan application`, expiresAt: later() }),
    stored: "select id from credit.credit_consents where purpose like $1 || ' %'",
  },
];

/** Answers a client retries: the subgraph or its database is away for a moment, or the call did not get through. */
const RETRYABLE = new Set(['SUBGRAPH_UNAVAILABLE', 'SUBGRAPH_TIMEOUT', 'SUBGRAPH_FAILED', 'SUBGRAPH_BAD_RESPONSE', 'SERVICE_UNAVAILABLE']);

export interface LoadResult {
  kind: WriteKind;
  tag: string;
  prepared: string[];
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Keys the hub acknowledged, with the id it answered (the same on every retry). */
  acknowledged: Map<string, string>;
  /** A key answered with two different ids: a retry created a second record. */
  conflictingAnswers: number;
  /** Answers that were neither an acknowledgement nor retryable: a bug. */
  refused: unknown[];
  /** Retryable answers seen, by code (`FETCH_FAILED`: no HTTP answer at all). */
  retriedCodes: Record<string, number>;
  /** Writes still not acknowledged when `giveUpMs` ran out. */
  unacknowledged: number;
  /** When each acknowledged write was first sent and finally acknowledged (ms since epoch). */
  acks: { sentAt: number; at: number }[];
}

export interface LoadOptions {
  /** Stop starting new writes (those in flight are still retried to the end). */
  until(): boolean;
  workers?: number;
  /** A write not acknowledged after this long counts as unacknowledged. */
  giveUpMs?: number;
  /** Called with the result as it fills, for a test that waits on progress. */
  started?(result: LoadResult): void;
}

/** Writes of `kind` from `workers` clients until `until()` says stop; each write retries its key until acknowledged. */
export async function runLoad(hub: LaunchedHub, kind: WriteKind, tag: string, prepared: string[], options: LoadOptions): Promise<LoadResult> {
  const { until, workers = 2, giveUpMs = 60_000 } = options;
  const result: LoadResult = { kind, tag, prepared, requests: 0, acknowledged: new Map(), conflictingAnswers: 0, refused: [], retriedCodes: {}, unacknowledged: 0, acks: [] };
  options.started?.(result);
  const token = await hub.token(kind.role, kind.claims);
  let next = 0;
  const limit = kind.needsDisputes ?? Infinity;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (!until() && next < limit) {
      const n = next++;
      const key = `${tag}-${kind.field}-${n}`;
      const variables = { input: kind.input(tag, n, prepared), key };
      const sentAt = Date.now();
      let done = false;
      while (!done && Date.now() - sentAt < giveUpMs) {
        result.requests += 1;
        let answer: Awaited<ReturnType<LaunchedHub['query']>> | undefined;
        try {
          answer = await hub.query(kind.mutation, variables, token);
        } catch {
          answer = undefined; // the gateway itself is away (or a timeout): retry
        }
        const id = (answer?.data as Record<string, { id?: string } | null> | undefined)?.[kind.field]?.id;
        if (id) {
          const before = result.acknowledged.get(key);
          if (before && before !== id) result.conflictingAnswers += 1;
          result.acknowledged.set(key, id);
          result.acks.push({ sentAt, at: Date.now() });
          done = true;
          break;
        }
        const codes = answer ? (answer.errors ?? []).map((e) => String(e.extensions?.code)) : ['FETCH_FAILED'];
        if (answer && (!codes.length || !codes.every((c) => RETRYABLE.has(c)))) {
          result.refused.push(answer.errors ?? answer);
          done = true;
          break;
        }
        for (const code of new Set(codes)) result.retriedCodes[code] = (result.retriedCodes[code] ?? 0) + 1;
        await new Promise((r) => setTimeout(r, 150));
      }
      if (!done) result.unacknowledged += 1;
    }
  }));
  return result;
}
