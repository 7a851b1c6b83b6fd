import type { IdentityQuery, IdentityRegistry, Registries, RegistryContact, RegistryOutcome, TelecomRegistry } from './registry.js';

/**
 * Registries reached over HTTP, for deployments: one gateway service in front of public
 * security, market supervision and the telecom operators (in practice a court's or a
 * government data-exchange platform). The protocol is small and documented in the README:
 *
 *   POST {base}/identity/match   { registry, name, idType, idNumber } → { outcome }
 *   POST {base}/identity/contacts { registry, name, idType, idNumber } → { contacts: [{ kind, value }] }
 *   POST {base}/telecom/mobiles  { name, idType, idNumber }            → { outcome, mobiles: [] }
 *
 * with `Authorization: Bearer {token}`. A registry that errs or is slower than the timeout is
 * UNAVAILABLE (see `ask`): a repair must not hang on one registry.
 */
export interface HttpRegistriesOptions {
  baseUrl: string;
  token: string;
  timeoutMs: number;
}

const OUTCOMES: readonly RegistryOutcome[] = ['MATCH', 'MISMATCH', 'NOT_FOUND', 'UNAVAILABLE'];

async function post<T>(options: HttpRegistriesOptions, path: string, body: object): Promise<T> {
  const res = await fetch(new URL(path, options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (!res.ok) throw new Error(`registry answered ${res.status} for ${path}`);
  return (await res.json()) as T;
}

function outcomeOf(value: unknown): RegistryOutcome {
  if (typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value)) return value as RegistryOutcome;
  throw new Error(`registry answered an unknown outcome ${String(value)}`);
}

class HttpIdentityRegistry implements IdentityRegistry {
  constructor(readonly name: 'PUBLIC_SECURITY' | 'MARKET_SUPERVISION', private readonly options: HttpRegistriesOptions) {}
  covers(idType: IdentityQuery['idType']) {
    return this.name === 'PUBLIC_SECURITY' ? idType === 'RESIDENT_ID' : idType === 'UNIFIED_SOCIAL_CREDIT_CODE';
  }
  async match(q: IdentityQuery) {
    const answer = await post<{ outcome: unknown }>(this.options, 'identity/match', { registry: this.name, ...q });
    return { outcome: outcomeOf(answer.outcome) };
  }
  async contactsOf(q: IdentityQuery): Promise<RegistryContact[]> {
    const answer = await post<{ contacts?: { kind: unknown; value: unknown }[] }>(this.options, 'identity/contacts', { registry: this.name, ...q });
    return (answer.contacts ?? []).flatMap((c) =>
      (c.kind === 'MOBILE' || c.kind === 'POSTAL') && typeof c.value === 'string' ? [{ kind: c.kind, value: c.value }] : []);
  }
}

class HttpTelecom implements TelecomRegistry {
  readonly name = 'TELECOM' as const;
  constructor(private readonly options: HttpRegistriesOptions) {}
  async mobilesOf(q: IdentityQuery) {
    const answer = await post<{ outcome: unknown; mobiles?: unknown[] }>(this.options, 'telecom/mobiles', q);
    return { outcome: outcomeOf(answer.outcome), mobiles: (answer.mobiles ?? []).filter((m): m is string => typeof m === 'string') };
  }
}

export function httpRegistries(options: HttpRegistriesOptions): Registries {
  return {
    identity: [new HttpIdentityRegistry('PUBLIC_SECURITY', options), new HttpIdentityRegistry('MARKET_SUPERVISION', options)],
    telecom: new HttpTelecom(options),
  };
}
