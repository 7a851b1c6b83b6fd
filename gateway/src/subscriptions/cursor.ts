import { comparePositions, decodePosition } from '@fengqiao/subgraph-kit';

/**
 * Whether `cursor` comes after `previous`, in the kit's feed order. A cursor that cannot be
 * read is let through: dropping an event the hub does not understand would be a silent loss.
 */
export function isAfter(cursor: string, previous: string | null | undefined): boolean {
  if (previous == null) return true;
  try {
    return comparePositions(decodePosition(cursor), decodePosition(previous)) > 0;
  } catch {
    return true;
  }
}
