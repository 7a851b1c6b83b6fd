import { z } from 'zod';

/**
 * The mediation subgraph's own settings, on top of the kit's. Every problem is reported at
 * once, like the kit's environment.
 */
const schema = z.object({
  /** How long an organisation has to acknowledge a referral offered to it, in hours. */
  ackHours: z.coerce.number().positive('MEDIATION_ACK_HOURS must be positive').max(24 * 30, 'MEDIATION_ACK_HOURS is at most 720 (30 days)'),
});

export type MediationEnvironment = z.infer<typeof schema>;

export function readMediationEnvironment(env: NodeJS.ProcessEnv = process.env): MediationEnvironment {
  const parsed = schema.safeParse({
    ackHours: env.MEDIATION_ACK_HOURS || '24',
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration for subgraph "mediation":\n${problems}`);
  }
  return parsed.data;
}


