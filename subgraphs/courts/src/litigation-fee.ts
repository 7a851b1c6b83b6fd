import { badInput } from '@fengqiao/subgraph-kit';

/**
 * Case acceptance fees for property cases, per the State Council's Measures on the Payment
 * of Litigation Costs (诉讼费用交纳办法, 2007):
 *
 * - art. 13(1): the fee is cumulative over bands of the claimed amount — up to ¥10,000 a
 *   flat ¥50 per case; the part above 10k up to 100k at 2.5%; 100k–200k 2%; 200k–500k 1.5%;
 *   500k–1M 1%; 1M–2M 0.9%; 2M–5M 0.8%; 5M–10M 0.7%; 10M–20M 0.6%; above 20M 0.5%.
 * - art. 15: a case concluded by mediation, or withdrawn on the claimant's application,
 *   pays half.
 * - art. 16: a case tried under the summary procedure pays half.
 *
 * The two reductions are not cumulative: a summary-procedure case that ends in mediation
 * still pays half (the prevailing court practice). Special-procedure cases, such as the
 * judicial confirmation of a mediation agreement, pay no acceptance fee (art. 8), so they
 * never come here.
 */

/** [upper bound of the band in yuan (null: no bound), rate in basis points]. */
const BANDS: readonly [upTo: bigint | null, basisPoints: bigint][] = [
  [100_000n, 250n],
  [200_000n, 200n],
  [500_000n, 150n],
  [1_000_000n, 100n],
  [2_000_000n, 90n],
  [5_000_000n, 80n],
  [10_000_000n, 70n],
  [20_000_000n, 60n],
  [null, 50n],
];
const FLAT_UP_TO_YUAN = 10_000n;
const FLAT_FEE_YUAN = 50n;

export type Procedure = 'ORDINARY' | 'SUMMARY';
/** How the case ended, where that changes the fee. */
export type FeeReducingOutcome = 'MEDIATED' | 'WITHDRAWN';

export interface FeeOptions {
  procedure?: Procedure;
  endedBy?: FeeReducingOutcome | null;
}

const AMOUNT = /^\d{1,13}(\.\d{1,2})?$/;

/** Parses a yuan amount ("126000.00", 126000) into fen, refusing anything but a non-negative amount with at most two decimals. */
export function toFen(amount: string | number): bigint {
  const text = typeof amount === 'number' ? (Number.isFinite(amount) ? String(amount) : '') : amount.trim();
  if (!AMOUNT.test(text)) {
    throw badInput('The claimed amount must be a non-negative yuan amount with at most two decimals', { field: 'claimAmount', rule: 'AMOUNT' });
  }
  const [yuan, fen = ''] = text.split('.');
  return BigInt(yuan!) * 100n + BigInt(fen.padEnd(2, '0'));
}

function formatFen(fen: bigint): string {
  return `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
}

/** Divides rounding half up (both operands non-negative). */
function divRound(n: bigint, d: bigint): bigint {
  return (n * 2n + d) / (d * 2n);
}

/** The full art. 13(1) fee, in fen × 10,000 (exact: every band rate is a whole number of basis points). */
function fullFeeScaled(claimFen: bigint): bigint {
  let scaled = FLAT_FEE_YUAN * 100n * 10_000n;
  let lower = FLAT_UP_TO_YUAN * 100n;
  for (const [upTo, bp] of BANDS) {
    if (claimFen <= lower) break;
    const upper = upTo === null ? claimFen : upTo * 100n;
    const part = (claimFen < upper ? claimFen : upper) - lower;
    scaled += part * bp;
    lower = upper;
  }
  return scaled;
}

/**
 * The case acceptance fee for a property claim, as a decimal string in yuan with two places,
 * rounded half up to the fen: `litigationFee('126000.00')` is `'2820.00'`.
 */
export function litigationFee(claimAmount: string | number, options: FeeOptions = {}): string {
  const scaled = fullFeeScaled(toFen(claimAmount));
  const halved = options.procedure === 'SUMMARY' || options.endedBy === 'MEDIATED' || options.endedBy === 'WITHDRAWN';
  return formatFen(divRound(scaled, halved ? 20_000n : 10_000n));
}
