import type { z } from 'zod';
import { badInput } from './errors.js';

/**
 * Validates mutation input against a zod schema; the first problem becomes a
 * BAD_USER_INPUT error naming the field, before anything touches storage.
 */
export function parseInput<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw badInput(issue.message, { field: issue.path.join('.'), rule: 'INPUT_SHAPE' });
}
