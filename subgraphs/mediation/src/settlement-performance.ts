import type { InstalmentPerformanceRow, InstalmentStatus, SettlementInstalment } from './db/schema.js';

/**
 * How a sealed settlement is being performed, worked out from its instalments (the sealed
 * content) and their performance rows. Pure, so the summary the API shows and the amounts the
 * events carry are the same arithmetic. Money is counted in whole fen (BigInt): yuan amounts
 * as decimal strings never pass through floating point.
 */

export type PerformanceStatus = 'ON_SCHEDULE' | 'IN_DEFAULT' | 'PERFORMED';

export interface InstalmentState {
  number: number;
  amount: string;
  dueDate: string;
  /** Null while the agreement is a draft: only a sealed agreement's instalments are followed. */
  status: InstalmentStatus | null;
  paidAt: Date | null;
  missedAt: Date | null;
}

export interface PerformanceSummary {
  status: PerformanceStatus;
  totalAmount: string;
  paidAmount: string;
  outstandingAmount: string;
  overdueAmount: string;
  instalmentsPaid: number;
  instalmentsMissed: number;
  nextDueDate: string | null;
  performedAt: Date | null;
}

export function toFen(amount: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) throw new Error(`not a yuan amount: ${amount}`);
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

export function fromFen(fen: bigint): string {
  return `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;
}

const sum = (amounts: readonly string[]) => fromFen(amounts.reduce((total, a) => total + toFen(a), 0n));

/** The schedule as sealed, each instalment joined with its performance row by number. */
export function instalmentStates(instalments: readonly SettlementInstalment[], rows: readonly InstalmentPerformanceRow[]): InstalmentState[] {
  const byNumber = new Map(rows.map((r) => [r.number, r]));
  return instalments.map((i, index) => {
    const row = byNumber.get(index + 1);
    return { number: index + 1, amount: i.amount, dueDate: i.dueDate, status: row?.status ?? null, paidAt: row?.paidAt ?? null, missedAt: row?.missedAt ?? null };
  });
}

export function totalAmount(instalments: readonly { amount: string }[]): string {
  return sum(instalments.map((i) => i.amount));
}

/** Everything still unpaid, missed or not yet due (what InstalmentMissed reports). */
export function outstandingAmount(states: readonly InstalmentState[]): string {
  return sum(states.filter((s) => s.status !== 'PAID').map((s) => s.amount));
}

/** Null when there is nothing to follow: a draft, or an agreement without instalments. */
export function summarisePerformance(states: readonly InstalmentState[]): PerformanceSummary | null {
  if (!states.length || states.some((s) => s.status === null)) return null;
  const paid = states.filter((s) => s.status === 'PAID');
  const missed = states.filter((s) => s.status === 'MISSED');
  const due = states.filter((s) => s.status === 'DUE');
  const performed = paid.length === states.length;
  return {
    status: performed ? 'PERFORMED' : missed.length ? 'IN_DEFAULT' : 'ON_SCHEDULE',
    totalAmount: totalAmount(states),
    paidAmount: sum(paid.map((s) => s.amount)),
    outstandingAmount: outstandingAmount(states),
    overdueAmount: sum(missed.map((s) => s.amount)),
    instalmentsPaid: paid.length,
    instalmentsMissed: missed.length,
    nextDueDate: due.map((s) => s.dueDate).sort()[0] ?? null,
    performedAt: performed ? new Date(Math.max(...paid.map((s) => s.paidAt!.getTime()))) : null,
  };
}
