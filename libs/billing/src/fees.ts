import type { BilledCode } from './decision';
import { ruleSetForMonth } from './rule-sets';

/**
 * National average, non-facility Medicare allowed amounts per code and year, from ccm-rules.md §18
 * (secondary sources, before geographic adjustment, sequestration and deductible; verify in the CMS PFS
 * look-up tool before use). Codes the reference leaves blank are absent: an estimate reports them as
 * unknown rather than guessing. Where sources give a range, `amountCents` is its low end.
 */
export interface FeeScheduleEntry {
  readonly code: string;
  readonly year: number;
  readonly amountCents: number;
  readonly approximate: boolean;
  readonly rangeCents?: { readonly low: number; readonly high: number };
  /** Source ids of ccm-rules.md §20. */
  readonly sources: readonly string[];
  readonly note?: string;
}

export const FEE_SCHEDULE_SOURCE =
  'ccm-rules.md §18 "Payment amounts (national, non-facility, approximate)"; source ids refer to its §20';

const YEAR_UNCERTAIN = 'PAYAMT-1: from a page titled 2022 whose figures match other sources for 2024';

function fee(
  code: string,
  year: number,
  dollars: number,
  sources: string[],
  extra: { approximate?: boolean; high?: number; note?: string } = {},
): FeeScheduleEntry {
  const amountCents = Math.round(dollars * 100);
  return {
    code,
    year,
    amountCents,
    approximate: extra.approximate ?? false,
    ...(extra.high !== undefined
      ? { rangeCents: { low: amountCents, high: Math.round(extra.high * 100) } }
      : {}),
    sources,
    ...(extra.note ? { note: extra.note } : {}),
  };
}

export const FEE_SCHEDULE: readonly FeeScheduleEntry[] = [
  fee('99490', 2024, 61.57, ['S71'], { approximate: true, note: YEAR_UNCERTAIN }),
  fee('99439', 2024, 47.15, ['S75']),
  fee('99487', 2024, 131.97, ['S71'], { approximate: true, note: YEAR_UNCERTAIN }),
  fee('99489', 2024, 71.06, ['S51']),
  fee('99491', 2024, 83.18, ['S71'], { approximate: true, note: YEAR_UNCERTAIN }),
  fee('99437', 2024, 58.62, ['S71'], { approximate: true, note: YEAR_UNCERTAIN }),

  fee('99490', 2025, 60, ['S72'], { approximate: true }),
  fee('99439', 2025, 45.93, ['S76']),
  fee('99489', 2025, 70.52, ['S76']),
  fee('99491', 2025, 82.16, ['S76']),
  fee('99437', 2025, 57.58, ['S76']),
  fee('99425', 2025, 58.87, ['S76']),
  fee('99427', 2025, 50.46, ['S76']),
  fee('G0556', 2025, 15.2, ['S79']),
  fee('G0557', 2025, 48.84, ['S79']),
  fee('G0558', 2025, 107.07, ['S79']),
  fee('99453', 2025, 19.73, ['S82']),
  fee('99454', 2025, 43.02, ['S82']),
  fee('99457', 2025, 47.87, ['S82']),

  fee('99490', 2026, 66.13, ['S73', 'S74'], { note: '1.98 RVU' }),
  fee('99439', 2026, 50.44, ['S73']),
  fee('99487', 2026, 144.29, ['S73', 'S77']),
  fee('99489', 2026, 78.16, ['S73', 'S77'], { note: '2.34 RVU' }),
  fee('99424', 2026, 88, ['S78'], { approximate: true, note: '2.63 RVU' }),
  fee('G0556', 2026, 16, ['S80'], { approximate: true }),
  fee('G0557', 2026, 54, ['S81'], { approximate: true }),
  fee('99453', 2026, 18.75, ['S84', 'S83'], {
    approximate: true,
    high: 21.71,
    note: 'sources disagree: $18.75 [S84], ~$21.71 [S83]',
  }),
  fee('99454', 2026, 47, ['S85', 'S31', 'S84'], {
    approximate: true,
    high: 49.1,
    note: '~$47 [S85][S31], $49.10 [S84]',
  }),
  fee('99445', 2026, 47, ['S85', 'S31'], { approximate: true, note: 'same rate as 99454' }),
  fee('99457', 2026, 50, ['S62'], { approximate: true, high: 52 }),
  fee('99458', 2026, 41, ['S62'], { approximate: true, high: 42 }),
  fee('99470', 2026, 26, ['S85'], { approximate: true }),
];

export function feeFor(code: string, year: number): FeeScheduleEntry | undefined {
  return FEE_SCHEDULE.find((f) => f.code === code && f.year === year);
}

export interface AllowedAmountLine {
  code: string;
  units: number;
  /** null: the reference has no amount for this code and year. */
  unitAmountCents: number | null;
  amountCents: number | null;
  approximate: boolean;
  sources: readonly string[];
}

export interface AllowedAmountEstimate {
  serviceMonth: string;
  year: number;
  ruleSet: string | null;
  lines: AllowedAmountLine[];
  /** Sum of the lines with a known amount. */
  knownTotalCents: number;
  /** Codes without an amount: the total is then a lower bound. */
  unknownCodes: string[];
  complete: boolean;
  /**
   * PAYAMT-3 / PAY-1: about 20% of the allowed amount, before any deductible; 0 when the patient may not
   * be billed cost-sharing (QMB, PAY-4).
   */
  estimatedCoinsuranceCents: number;
  source: string;
}

/** The part of a decision the estimate needs (a whole `BillingDecision` fits). */
export interface EstimableDecision {
  serviceMonth: string;
  codes: readonly BilledCode[];
  patientCostSharingBillable: boolean;
}

/** Estimates the national non-facility allowed amount of a decision's codes for its service year. */
export function estimateAllowedAmount(decision: EstimableDecision): AllowedAmountEstimate {
  const year = Number(decision.serviceMonth.slice(0, 4));
  const lines = decision.codes.map((c): AllowedAmountLine => {
    const f = feeFor(c.code, year);
    return {
      code: c.code,
      units: c.units,
      unitAmountCents: f ? f.amountCents : null,
      amountCents: f ? f.amountCents * c.units : null,
      approximate: f ? f.approximate : false,
      sources: f ? f.sources : [],
    };
  });
  const knownTotalCents = lines.reduce((sum, l) => sum + (l.amountCents ?? 0), 0);
  const unknownCodes = lines.filter((l) => l.amountCents === null).map((l) => l.code);
  return {
    serviceMonth: decision.serviceMonth,
    year,
    ruleSet: ruleSetForMonth(decision.serviceMonth)?.id ?? null,
    lines,
    knownTotalCents,
    unknownCodes,
    complete: unknownCodes.length === 0,
    estimatedCoinsuranceCents: decision.patientCostSharingBillable ? Math.round(knownTotalCents * 0.2) : 0,
    source: FEE_SCHEDULE_SOURCE,
  };
}
