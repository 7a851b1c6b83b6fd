import { badInput, legalRules } from '@fengqiao/subgraph-kit';

/**
 * Case acceptance fees, per the State Council's Measures on the Payment of Litigation Costs
 * (诉讼费用交纳办法, State Council Decree No. 481, 2007). Money is counted in fen.
 *
 * - art. 13(1), property cases: cumulative over bands of the claimed amount — up to ¥10,000 a
 *   flat ¥50 per case; the part above 10k up to 100k at 2.5%; 100k–200k 2%; 200k–500k 1.5%;
 *   500k–1M 1%; 1M–2M 0.9%; 2M–5M 0.8%; 5M–10M 0.7%; 10M–20M 0.6%; above 20M 0.5%.
 * - art. 13(2), non-property cases, per case: personality-right cases (name, portrait,
 *   reputation, honour and other personality rights) ¥100–500, and where damages are claimed,
 *   nothing more up to ¥50,000, 1% of the part from 50,000 to 100,000 and 0.5% above; other
 *   non-property cases ¥50–100. (Divorce, item 1, has no place in the hub.)
 * - art. 13(3), intellectual-property civil cases: ¥500–1,000 per case without an amount or
 *   value in dispute; with one, the property scale.
 * - art. 13(4), labour disputes: ¥10 per case.
 * - art. 13, last paragraph: the province fixes the amount within the ranges of items (2), (3)
 *   and (6). The hub does not know each province's figure, so it shows the range and stores
 *   the lower bound as the case's fee (verify against the province's own standard).
 * - art. 15: a case concluded by mediation, or withdrawn on the claimant's application,
 *   pays half. art. 16: a case tried under the summary procedure pays half.
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

function isHalved(options: FeeOptions): boolean {
  return options.procedure === 'SUMMARY' || options.endedBy === 'MEDIATED' || options.endedBy === 'WITHDRAWN';
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
  return formatFen(divRound(fullFeeScaled(toFen(claimAmount)), isHalved(options) ? 20_000n : 10_000n));
}

/** The kinds of case art. 13 prices differently. */
export type CaseKind = 'PROPERTY' | 'INTELLECTUAL_PROPERTY' | 'PERSONALITY_RIGHTS' | 'OTHER_NON_PROPERTY' | 'LABOUR';

/** Which part of art. 13 priced the case. */
export type FeeBasis =
  | 'PROPERTY_SCALE'
  | 'PROPERTY_AMOUNT_NOT_STATED'
  | 'INTELLECTUAL_PROPERTY_PER_CASE'
  | 'PERSONALITY_RIGHTS_PER_CASE'
  | 'NON_PROPERTY_PER_CASE'
  | 'LABOUR_PER_CASE';

export interface FeeEstimate {
  /** Yuan with two places; the fee itself when `max` equals it. The hub stores this one. */
  min: string;
  /** Yuan with two places; null when the fee depends on an amount not stated yet. */
  max: string | null;
  basis: FeeBasis;
  /** The instrument and the articles applied. */
  source: string;
  /** The province fixes the amount within [min, max] (art. 13, last paragraph). */
  setByProvince: boolean;
  /** Halved under art. 15 or 16. */
  halved: boolean;
}

const MEASURES = 'Measures on the Payment of Litigation Costs (诉讼费用交纳办法, 2007)';

/** Per-case ranges in yuan: [min, max]. */
const PER_CASE: Record<Exclude<CaseKind, 'PROPERTY'>, readonly [bigint, bigint]> = {
  INTELLECTUAL_PROPERTY: [500n, 1_000n],
  PERSONALITY_RIGHTS: [100n, 500n],
  OTHER_NON_PROPERTY: [50n, 100n],
  LABOUR: [10n, 10n],
};

/** Art. 13(2)(b): on personality-right damages, nothing up to ¥50,000, 1% to ¥100,000, 0.5% above; in fen × 10,000. */
function personalityDamagesScaled(damagesFen: bigint): bigint {
  const band = (from: bigint, to: bigint | null, bp: bigint) => {
    const lower = from * 100n;
    const upper = to === null ? damagesFen : to * 100n;
    const part = (damagesFen < upper ? damagesFen : upper) - lower;
    return part > 0n ? part * bp : 0n;
  };
  return band(50_000n, 100_000n, 100n) + band(100_000n, null, 50n);
}

const reductions = (halved: boolean) => (halved ? '; halved under art. 15 or 16' : '');

/**
 * The fee for a case of `kind`, with the claimed amount when there is one: exact for a
 * property scale (min = max), a range where the province fixes the figure.
 */
export function feeEstimate(kind: CaseKind, claimAmount: string | number | null, options: FeeOptions = {}): FeeEstimate {
  const halved = isHalved(options);
  const yuan = (scaled: bigint) => formatFen(divRound(scaled, halved ? 20_000n : 10_000n));
  const perCase = (n: bigint) => n * 100n * 10_000n;
  const amountFen = claimAmount === null ? null : toFen(claimAmount);

  if (kind === 'PROPERTY' || (kind === 'INTELLECTUAL_PROPERTY' && amountFen !== null)) {
    const article = kind === 'PROPERTY' ? 'art. 13(1)' : 'art. 13(3) with the scale of art. 13(1)';
    if (amountFen === null) {
      return { min: yuan(perCase(FLAT_FEE_YUAN)), max: null, basis: 'PROPERTY_AMOUNT_NOT_STATED', source: `${MEASURES} art. 13(1): the fee follows the amount claimed, at least ¥50${reductions(halved)}`, setByProvince: false, halved };
    }
    const fee = yuan(fullFeeScaled(amountFen));
    return { min: fee, max: fee, basis: 'PROPERTY_SCALE', source: `${MEASURES} ${article}${reductions(halved)}`, setByProvince: false, halved };
  }
  if (kind === 'LABOUR') {
    const fee = yuan(perCase(PER_CASE.LABOUR[0]));
    return { min: fee, max: fee, basis: 'LABOUR_PER_CASE', source: `${MEASURES} art. 13(4)${reductions(halved)}`, setByProvince: false, halved };
  }
  const [low, high] = PER_CASE[kind];
  const extra = kind === 'PERSONALITY_RIGHTS' && amountFen !== null ? personalityDamagesScaled(amountFen) : 0n;
  const [basis, article]: [FeeBasis, string] = kind === 'INTELLECTUAL_PROPERTY'
    ? ['INTELLECTUAL_PROPERTY_PER_CASE', 'art. 13(3)']
    : kind === 'PERSONALITY_RIGHTS' ? ['PERSONALITY_RIGHTS_PER_CASE', 'art. 13(2)(b)'] : ['NON_PROPERTY_PER_CASE', 'art. 13(2)(c)'];
  return {
    min: yuan(perCase(low) + extra), max: yuan(perCase(high) + extra), basis,
    source: `${MEASURES} ${article}; the province fixes the amount within the range (art. 13, last paragraph)${reductions(halved)}`,
    setByProvince: true, halved,
  };
}

/**
 * The hub's dispute categories as art. 13 prices them. Trademark, copyright and patent cases
 * are IP civil cases; unfair competition is tried as one too (the SPC's causes of action put
 * it under 知识产权与竞争纠纷 — verify that art. 13(3) reaches it). Consumer purchases,
 * contracts and loans are property claims. An online service or other dispute without an
 * amount (restoring an account, an apology) is a non-property case; with one it is priced as
 * property. The hub has no category for personality-right or labour cases: the rule knows
 * them, nothing files them yet.
 */
const IP_CATEGORIES = new Set(['TRADEMARK', 'COPYRIGHT', 'PATENT', 'UNFAIR_COMPETITION']);
const PROPERTY_CATEGORIES = new Set(['CONSUMER_PURCHASE', 'CONTRACT', 'FINANCIAL_LOAN']);

export function caseKindOf(category: string, claimAmount: string | number | null): CaseKind {
  if (IP_CATEGORIES.has(category)) return 'INTELLECTUAL_PROPERTY';
  if (PROPERTY_CATEGORIES.has(category) || claimAmount !== null) return 'PROPERTY';
  return 'OTHER_NON_PROPERTY';
}

/** Whether a lawsuit of this category may be filed without stating an amount: not a property claim (CPL art. 122(3): a specific claim (verify)). */
export function mayOmitClaimAmount(category: string): boolean {
  return !PROPERTY_CATEGORIES.has(category);
}

/** The fee of a case of the hub's `category`: what `litigationFeeEstimate` answers and what a filed case stores (its `min`). */
export function categoryFeeEstimate(category: string, claimAmount: string | number | null, options: FeeOptions = {}): FeeEstimate {
  return feeEstimate(caseKindOf(category, claimAmount), claimAmount, options);
}

const FEE_TESTS = 'subgraphs/courts/tests/litigation-fee.test.ts';

export const FEE_RULES = legalRules([
  {
    id: 'LITIGATION_FEE_PROPERTY_SCALE', instrument: MEASURES, article: 'art. 13(1)',
    hubDoes: 'A property claim pays ¥50 up to ¥10,000 and a falling percentage band by band above it; the fee is computed in fen and stored with the case.',
    test: { file: FEE_TESTS, name: 'yuan →' },
  },
  {
    id: 'LITIGATION_FEE_NON_PROPERTY', instrument: MEASURES, article: 'art. 13(2)',
    hubDoes: 'A personality-right case pays ¥100–500 plus 1% of damages from ¥50,000 to ¥100,000 and 0.5% above; another non-property case (an online service or other dispute without an amount) ¥50–100.',
    test: { file: FEE_TESTS, name: 'non-property cases pay per case' },
  },
  {
    id: 'LITIGATION_FEE_INTELLECTUAL_PROPERTY', instrument: MEASURES, article: 'art. 13(3)',
    hubDoes: 'A trademark, copyright, patent or unfair-competition case without an amount pays ¥500–1,000; with an amount, the property scale.',
    verify: 'whether unfair-competition cases count as IP civil cases under art. 13(3)',
    test: { file: FEE_TESTS, name: 'intellectual-property cases' },
  },
  {
    id: 'LITIGATION_FEE_LABOUR', instrument: MEASURES, article: 'art. 13(4)',
    hubDoes: 'A labour dispute pays ¥10 (the hub has no labour category yet; the rule is ready for one).',
    test: { file: FEE_TESTS, name: 'labour disputes pay ¥10' },
  },
  {
    id: 'LITIGATION_FEE_SET_BY_PROVINCE', instrument: MEASURES, article: 'art. 13, last paragraph',
    hubDoes: 'Where the province fixes the figure within a range, the hub shows the range (setByProvince) and stores the lower bound as the case\'s fee.',
    verify: 'each province\'s own standard within the range',
    test: { file: FEE_TESTS, name: 'the range is shown' },
  },
  {
    id: 'LITIGATION_FEE_HALVED', instrument: MEASURES, article: 'arts. 15, 16',
    hubDoes: 'A case ended by mediation or withdrawal, or tried under the summary procedure, pays half; the reductions do not stack.',
    test: { file: FEE_TESTS, name: 'halved once for summary procedure' },
  },
  {
    id: 'CLAIM_AMOUNT_REQUIRED_FOR_PROPERTY_CLAIMS', instrument: 'Civil Procedure Law of the PRC (2023)', article: 'art. 122(3)',
    hubDoes: 'A consumer-purchase, contract or loan lawsuit filed directly must state its amount (CLAIM_AMOUNT_REQUIRED); IP, online-service and other cases may omit it. A dispute routed to court without an amount is filed with the ¥50 minimum until the claimant states one.',
    verify: 'the article number (art. 119(3) before 2021) and that a property claim must state its amount to be "specific"',
    test: { file: 'subgraphs/courts/tests/lifecycle.test.ts', name: 'a property claim without an amount is refused' },
  },
]);
