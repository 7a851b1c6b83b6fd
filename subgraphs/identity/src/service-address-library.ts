import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  badInput, canonicalHash, createOnce, forbidden, newId, notFound, parseInput, requireAuthenticated, requireStepUp, stepUpAlreadyUsed, stepUpRecord, type Caller,
} from '@fengqiao/subgraph-kit';
import { tryParsePostalAddress } from './addresses/index.js';
import { hasCounties } from './divisions/index.js';
import { idempotencyKeys, type PartyRow } from './db/schema.js';
import { normalizeEmail, normalizeMobile } from './identity-manager.js';
import type { IdentityStore, NewServiceAddress } from './identity-store.js';
import { isSelf } from './masking.js';

/**
 * What a party signs when it confirms its service addresses, after the address-confirmation
 * forms courts use (送达地址确认书): documents sent to a confirmed address count as served, and
 * a change must be confirmed again. A change of wording is a new statement: parties sign the
 * text they were shown (`acceptedStatement`), never a text changed behind them.
 */
export const SERVICE_ADDRESS_STATEMENT = [
  '本人确认以上地址为法律文书送达地址。人民法院、调解组织和仲裁机构向上述地址送达的诉讼文书、调解文书和仲裁文书，到达上述地址即视为送达。地址变更的，本人将通过本平台重新确认；未重新确认的，向原地址送达视为送达。',
  'I confirm the addresses above for the service of legal documents. Documents a court, mediation organisation or arbitration institution sends to them count as served when they arrive. If an address changes I will confirm the new one here; until then, service at the old address counts.',
].join('\n');

const addressInput = z.object({
  channel: z.enum(['MOBILE', 'EMAIL', 'IN_APP', 'POSTAL']),
  address: z.string().trim().min(1, 'address is required').max(300, 'address is at most 300 characters'),
});
const confirmInput = z.object({
  addresses: z.array(addressInput).min(1, 'confirm at least one address').max(4, 'at most one address per channel'),
  acceptedStatement: z.string(),
});
export type ConfirmServiceAddressesInput = z.input<typeof confirmInput>;

/**
 * The content a party confirms with its code (CONFIRM_SERVICE_ADDRESSES): SHA-256 of the
 * canonical JSON of the input exactly as sent — `{ "acceptedStatement": …, "addresses":
 * [{ "address": …, "channel": … }, …] }`, keys sorted, addresses in the order given, strings
 * untrimmed. The widget computes the same with WebCrypto (clients/e-station/src/hash.ts).
 */
export function serviceAddressesHash(raw: ConfirmServiceAddressesInput): string {
  return canonicalHash({ addresses: raw.addresses.map((a) => ({ channel: a.channel, address: a.address })), acceptedStatement: raw.acceptedStatement });
}

/** The in-app channel is the party's own hub inbox; nobody else's account can receive its documents. */
export const inAppAccountOf = (partyId: string) => `hub:${partyId}`;

interface CheckedAddress {
  channel: NewServiceAddress['channel'];
  address: string;
  region: { provinceCode: string; cityCode: string | null; countyCode: string | null } | null;
}

/**
 * The legal-document service address library (Yiwu's practice, DOMAIN.md): a party confirms
 * the addresses where documents reach it by signing online; later services use the confirmed
 * ones, and every change is a new version, so what was valid when a document was served can
 * always be shown.
 */
export class ServiceAddressLibrary {
  constructor(private readonly store: IdentityStore) {}

  /** Every address is checked before anything is stored; the first failure names its place in the list. */
  check(party: PartyRow, raw: ConfirmServiceAddressesInput): CheckedAddress[] {
    const input = parseInput(confirmInput, raw);
    if (input.acceptedStatement !== SERVICE_ADDRESS_STATEMENT) {
      throw badInput('acceptedStatement: sign the current statement, word for word, as `serviceAddressStatement` returns it (STATEMENT_MISMATCH)', { field: 'acceptedStatement', rule: 'STATEMENT_MISMATCH' });
    }
    const seen = new Set<string>();
    return input.addresses.map((a, i) => {
      const field = `addresses[${i}].address`;
      if (seen.has(a.channel)) throw badInput(`addresses[${i}].channel: ${a.channel} is given twice; confirm one address per channel (DUPLICATE_CHANNEL)`, { field: `addresses[${i}].channel`, rule: 'DUPLICATE_CHANNEL' });
      seen.add(a.channel);
      return this.checkOne(party, a.channel, a.address, field);
    });
  }

  private checkOne(party: PartyRow, channel: CheckedAddress['channel'], address: string, field: string): CheckedAddress {
    const withField = <T>(fn: () => T): T => {
      try {
        return fn();
      } catch (err) {
        const e = err as { extensions?: { rule?: string }; message?: string };
        throw badInput(`${field}: ${e.message}`, { field, rule: e.extensions?.rule ?? 'INVALID' });
      }
    };
    switch (channel) {
      case 'MOBILE':
        return { channel, address: withField(() => normalizeMobile(address)), region: null };
      case 'EMAIL':
        return { channel, address: withField(() => normalizeEmail(address)), region: null };
      case 'IN_APP':
        if (address !== inAppAccountOf(party.id)) {
          throw badInput(`${field}: the in-app address is the party's own hub account, ${inAppAccountOf(party.id)} (IN_APP_ACCOUNT)`, { field, rule: 'IN_APP_ACCOUNT' });
        }
        return { channel, address, region: null };
      case 'POSTAL': {
        const parsed = tryParsePostalAddress(address);
        // Courts find the competent basic court by county: a mainland party's address must name
        // one, unless its city has no counties at all (东莞, 中山, 儋州, 嘉峪关).
        const located = parsed?.county || (parsed?.city && !hasCounties(parsed.city.code));
        if (party.jurisdiction === 'MAINLAND' && !located) {
          throw badInput(`${field}: a mainland postal address must name its province, city and county or district, e.g. 浙江省义乌市稠城街道工人北路1号 (ADDRESS_UNRECOGNISED)`, { field, rule: 'ADDRESS_UNRECOGNISED' });
        }
        const region = parsed ? { provinceCode: parsed.province.code, cityCode: parsed.city?.code ?? null, countyCode: parsed.county?.code ?? null } : null;
        return { channel, address, region };
      }
    }
  }

  async confirm(caller: Caller, partyId: string, raw: ConfirmServiceAddressesInput, idempotencyKey: string, now: Date = new Date()): Promise<string> {
    requireAuthenticated(caller);
    if (!isSelf(caller, partyId)) throw forbidden('Only the party itself signs its service addresses');
    const [party] = await this.store.partiesByIds([partyId]);
    if (!party) throw notFound('Party', partyId);
    const addresses = this.check(party, raw);
    // Accepting electronic service has legal effect: the party confirms this very input with a code.
    const proof = stepUpRecord(requireStepUp(caller, 'CONFIRM_SERVICE_ADDRESSES', partyId, serviceAddressesHash(raw)));
    const { id } = await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: `${caller.role}:${caller.sub}`, operation: 'confirmServiceAddresses', input: raw }, async () => {
        await store.lockParty(partyId);
        if (proof && (await store.confirmationByStepUp(proof.challengeId))) throw stepUpAlreadyUsed(caller.stepUp!);
        const latest = new Map((await store.latestServiceAddressesOf([partyId])).map((a) => [a.channel, a.version] as const));
        const id = newId('sac');
        const digest = createHash('sha256')
          .update(JSON.stringify({ statement: SERVICE_ADDRESS_STATEMENT, partyId, signedAt: now.toISOString(), addresses: addresses.map((a) => [a.channel, a.address]) }))
          .digest('hex');
        await store.insertConfirmation({
          id, partyId, statement: SERVICE_ADDRESS_STATEMENT, digest, signedBy: caller.sub!, signedAt: now,
          stepUpChallengeId: proof?.challengeId ?? null, stepUpConfirmedAt: proof?.confirmedAt ?? null, stepUpContentHash: proof?.contentHash ?? null,
        });
        await store.insertServiceAddresses(addresses.map((a) => ({
          id: newId('sad'),
          partyId,
          channel: a.channel,
          address: a.address,
          version: (latest.get(a.channel) ?? 0) + 1,
          confirmedAt: now,
          confirmationId: id,
          provinceCode: a.region?.provinceCode ?? null,
          cityCode: a.region?.cityCode ?? null,
          countyCode: a.region?.countyCode ?? null,
        })));
        return id;
      }),
    );
    return id;
  }
}
