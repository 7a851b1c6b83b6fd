import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { primaryKey, text, timestamp, type PgSchema } from 'drizzle-orm/pg-core';
import { badInput, HubError } from '../errors.js';
import type { HubDatabase } from './database.js';

/**
 * Every subgraph keeps its own idempotency records in its own schema, written in the same
 * transaction as the thing created, so a retried mutation either sees the first result or
 * nothing at all — never a half-made record.
 */
export function idempotencyKeysTable(schema: PgSchema) {
  return schema.table(
    'idempotency_keys',
    {
      caller: text('caller').notNull(),
      operation: text('operation').notNull(),
      key: text('key').notNull(),
      requestHash: text('request_hash').notNull(),
      resultId: text('result_id'),
      createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    },
    (t) => [primaryKey({ columns: [t.caller, t.operation, t.key] })],
  );
}

export type IdempotencyKeysTable = ReturnType<typeof idempotencyKeysTable>;

export interface IdempotentRequest {
  key: string;
  /** Keys are scoped to the caller: two callers choosing the same key never collide. */
  caller: string;
  operation: string;
  input: unknown;
}

function hashRequest(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(input ?? null)).digest('hex');
}

export function checkIdempotencyKey(key: string): void {
  if (key.length < 8 || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
    throw badInput('idempotencyKey must be 8 to 200 printable characters, without spaces', { field: 'idempotencyKey', rule: 'IDEMPOTENCY_KEY_FORMAT' });
  }
}

/**
 * Runs `create` at most once per key inside `db`'s transaction and returns the id it
 * created; a replay with the same input returns the first id, a replay with other input
 * is refused.
 */
export async function createOnce(
  tx: HubDatabase<any>,
  table: IdempotencyKeysTable,
  request: IdempotentRequest,
  create: () => Promise<string>,
): Promise<{ id: string; replayed: boolean }> {
  checkIdempotencyKey(request.key);
  const requestHash = hashRequest(request.input);
  const inserted = await tx
    .insert(table)
    .values({ caller: request.caller, operation: request.operation, key: request.key, requestHash })
    .onConflictDoNothing()
    .returning({ key: table.key });
  const where = and(eq(table.caller, request.caller), eq(table.operation, request.operation), eq(table.key, request.key));
  if (inserted.length === 0) {
    const [existing] = await tx.select().from(table).where(where);
    if (!existing || existing.requestHash !== requestHash || !existing.resultId) {
      throw new HubError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used for a different request', { field: 'idempotencyKey' });
    }
    return { id: existing.resultId, replayed: true };
  }
  const id = await create();
  await tx.update(table).set({ resultId: id }).where(where);
  return { id, replayed: false };
}
