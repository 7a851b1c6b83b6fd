import path from 'node:path';
import { z } from 'zod';
import { SUBGRAPHS } from '@fengqiao/schema';
import { blockedPortProblem } from './addresses.js';

/**
 * Every subgraph reads the same variables, prefixed by its own name where they differ
 * per subgraph (`COURTS_DATABASE_URL`, `COURTS_PORT`). All problems are reported at
 * once so an operator fixes the whole configuration in one go.
 */
const schema = z.object({
  port: z.coerce.number().int().min(0).max(65535).superRefine((port, ctx) => {
    const problem = blockedPortProblem(port);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  host: z.string().min(1),
  databaseUrl: z.string().url().optional(),
  dataDir: z.string().min(1),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  internalPublicJwk: z.string().min(1, 'HUB_INTERNAL_PUBLIC_JWK or a key file in DATA_DIR/keys is required'),
  seedDemoData: z.enum(['true', 'false']).transform((v) => v === 'true'),
  /** SUBSCRIPTION_REPLAY_LIMIT: most missed events replayed to a subscription before it is told to resync. */
  subscriptionReplayLimit: z.coerce.number().int().min(1).max(100_000),
  /** METRICS_TOKEN: lets callers from other machines read /metrics (Bearer); without it only this machine may. */
  metricsToken: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
});

export type SubgraphEnvironment = z.infer<typeof schema>;

export function readSubgraphEnvironment(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  readKeyFile: (file: string) => string | undefined = () => undefined,
): SubgraphEnvironment {
  const prefix = name.toUpperCase();
  const dataDir = env.DATA_DIR ?? path.resolve('data');
  const raw = {
    port: env[`${prefix}_PORT`] ?? String(SUBGRAPHS.find((s) => s.name === name)?.port ?? 0),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env[`${prefix}_DATABASE_URL`] || env.DATABASE_URL || undefined,
    dataDir,
    logLevel: env.LOG_LEVEL ?? 'info',
    internalPublicJwk: env.HUB_INTERNAL_PUBLIC_JWK ?? readKeyFile(path.join(dataDir, 'keys', 'internal.public.jwk.json')) ?? '',
    seedDemoData: env.SEED_DEMO_DATA ?? 'true',
    subscriptionReplayLimit: env.SUBSCRIPTION_REPLAY_LIMIT || '1000',
    metricsToken: env.METRICS_TOKEN || undefined,
  };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path[0] === 'port' ? `${prefix}_PORT` : i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration for subgraph "${name}":\n${problems}`);
  }
  return parsed.data;
}

/** `npm run backup` / `npm run restore` (backup/cli.ts): each subgraph's storage as the subgraphs read it. */
export interface BackupEnvironment {
  dataDir: string;
  host: string;
  subgraphs: { name: string; port: number; databaseUrl?: string }[];
  /** POSTGRES_BIN_DIR: where pg_dump and pg_restore are; PATH when unset. */
  postgresBinDir?: string;
}

export function readBackupEnvironment(env: NodeJS.ProcessEnv = process.env): BackupEnvironment {
  const backupSchema = z.object({
    DATA_DIR: z.string().min(1),
    HOST: z.string().min(1),
    POSTGRES_BIN_DIR: z.string().min(1).optional(),
    subgraphs: z.array(z.object({ name: z.string(), port: z.coerce.number().int().min(0).max(65535), databaseUrl: z.string().url().optional() })),
  });
  const parsed = backupSchema.safeParse({
    DATA_DIR: path.resolve(env.DATA_DIR || 'data'),
    HOST: env.HOST || '127.0.0.1',
    POSTGRES_BIN_DIR: env.POSTGRES_BIN_DIR || undefined,
    subgraphs: SUBGRAPHS.map(({ name, port }) => ({
      name,
      port: env[`${name.toUpperCase()}_PORT`] || String(port),
      databaseUrl: env[`${name.toUpperCase()}_DATABASE_URL`] || env.DATABASE_URL || undefined,
    })),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const [first, index, field] = i.path;
      const variable = first === 'subgraphs' ? `${SUBGRAPHS[Number(index)]!.name.toUpperCase()}_${field === 'port' ? 'PORT' : 'DATABASE_URL'}` : String(first);
      return `  - ${variable}: ${i.message}`;
    });
    throw new Error(`Invalid configuration for backup/restore:\n${problems.join('\n')}`);
  }
  const v = parsed.data;
  return { dataDir: v.DATA_DIR, host: v.HOST, subgraphs: v.subgraphs, postgresBinDir: v.POSTGRES_BIN_DIR };
}
