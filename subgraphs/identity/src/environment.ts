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
