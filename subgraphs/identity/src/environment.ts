import { z } from 'zod';
import { httpRegistries, seededRegistries, type Registries } from './registries/index.js';

/**
 * The identity subgraph's own settings, on top of the kit's. Every problem is reported at
 * once, like the kit's environment.
 */
const schema = z
  .object({
    registries: z.enum(['seeded', 'http']),
    registryUrl: z.string().url().optional(),
    registryToken: z.string().min(1).optional(),
    registryTimeoutMs: z.coerce.number().int().min(100).max(60_000),
    repairLimit: z.coerce.number().int().min(1).max(10_000),
    repairWindowMinutes: z.coerce.number().int().min(1).max(7 * 24 * 60),
    relayNumber: z.string().regex(/^\d{5,12}$/, 'a relay number is 5 to 12 digits'),
    stepUpLimit: z.coerce.number().int().min(1).max(1_000),
    stepUpWindowMinutes: z.coerce.number().int().min(1).max(24 * 60),
    /** Base64 or hex, at least 32 bytes: the key of the codes' HMAC. */
    stepUpCodeKey: z
      .string()
      .transform((v) => Buffer.from(v, /^[0-9a-f]+$/i.test(v) ? 'hex' : 'base64'))
      .refine((key) => key.length >= 32, 'IDENTITY_STEP_UP_CODE_KEY must be at least 32 bytes (64 hex characters or 44 base64 characters)')
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.registries === 'http' && !v.registryUrl) ctx.addIssue({ code: 'custom', path: ['registryUrl'], message: 'IDENTITY_REGISTRY_URL is required when IDENTITY_REGISTRIES=http' });
    if (v.registries === 'http' && !v.registryToken) ctx.addIssue({ code: 'custom', path: ['registryToken'], message: 'IDENTITY_REGISTRY_TOKEN is required when IDENTITY_REGISTRIES=http' });
  });

export type IdentityEnvironment = z.infer<typeof schema>;

export function readIdentityEnvironment(env: NodeJS.ProcessEnv = process.env): IdentityEnvironment {
  const parsed = schema.safeParse({
    registries: env.IDENTITY_REGISTRIES ?? 'seeded',
    registryUrl: env.IDENTITY_REGISTRY_URL || undefined,
    registryToken: env.IDENTITY_REGISTRY_TOKEN || undefined,
    registryTimeoutMs: env.IDENTITY_REGISTRY_TIMEOUT_MS ?? '3000',
    // Repairs reach into official registries: a handful per requester per day covers real
    // casework, and a leaked mediator account cannot trawl the registers.
    repairLimit: env.IDENTITY_REPAIR_LIMIT ?? '5',
    repairWindowMinutes: env.IDENTITY_REPAIR_WINDOW_MINUTES ?? '1440',
    relayNumber: env.IDENTITY_RELAY_NUMBER ?? '95001234',
    // Codes for legal acts: a party rarely needs more than a resend or two per act, and the
    // limit bounds both guessing (5 attempts per code) and SMS sent to someone's phone.
    stepUpLimit: env.IDENTITY_STEP_UP_LIMIT ?? '5',
    stepUpWindowMinutes: env.IDENTITY_STEP_UP_WINDOW_MINUTES ?? '15',
    stepUpCodeKey: env.IDENTITY_STEP_UP_CODE_KEY || undefined,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration for subgraph "identity":\n${problems}`);
  }
  return parsed.data;
}

export function registriesFrom(env: IdentityEnvironment): Registries {
  return env.registries === 'http'
    ? httpRegistries({ baseUrl: env.registryUrl!, token: env.registryToken!, timeoutMs: env.registryTimeoutMs })
    : seededRegistries();
}
