import { consentedMonthRanges, nextMonth, type MonthSummary, type PatientLedger } from '@ccm/patient-months';

export const MINUTE_BANDS = ['1-19', '20-39', '40-59', '60+'] as const;
export type MinuteBand = (typeof MINUTE_BANDS)[number];
export const THRESHOLD_MINUTES = ['20', '40', '60'] as const;

/** One patient's part of one month's counts. */
export interface PatientMonthStats {
  readonly active: number;
  readonly billable: number;
  readonly band: MinuteBand | null;
  /** What the month's codes are estimated to be allowed when billable (the billing line's figure). */
  readonly billedCents: number;
}

/** One patient's part of the practice's metrics, kept so a change can be subtracted before it is re-added. */
export interface MetricsContribution {
  readonly patientId: string;
  readonly revision: number;
  readonly enrolledMonth: string;
  readonly consented: readonly { readonly from: string; readonly to: string | null }[];
  readonly months: Readonly<Record<string, PatientMonthStats>>;
}

export interface MonthCounts {
  readonly active: number;
  readonly billable: number;
  readonly bands: Readonly<Record<MinuteBand, number>>;
  readonly billedCents: number;
}

/**
 * Per practice. Enrolment and consent carry over from month to month without an event, so they are kept
 * as changes by month (`+1` where a patient starts, `-1` the month after they stop) and summed up to the
 * month asked for; the rest is counted per month.
 */
export interface ProgramMetricsDocument {
  readonly practiceId: string;
  readonly changes: Readonly<Record<string, { readonly enrolled: number; readonly consented: number }>>;
  readonly months: Readonly<Record<string, MonthCounts>>;
}

function bandOf(minutes: number): MinuteBand | null {
  if (minutes <= 0) return null;
  if (minutes < 20) return '1-19';
  if (minutes < 40) return '20-39';
  if (minutes < 60) return '40-59';
  return '60+';
}

/** "Active" means the billing engine counted CCM staff minutes for the patient that month. */
export function statsOf(summary: MonthSummary, billedCents = 0): PatientMonthStats {
  return {
    active: summary.countedStaffMinutes > 0 ? 1 : 0,
    billable: summary.status === 'billable' ? 1 : 0,
    band: bandOf(summary.countedStaffMinutes),
    billedCents: summary.status === 'billable' ? billedCents : 0,
  };
}

export function contributionOf(
  ledger: PatientLedger,
  previous: MetricsContribution | undefined,
  changedMonths: readonly { month: string; summary: MonthSummary; billedCents?: number }[],
): MetricsContribution {
  const months = { ...(previous?.months ?? {}) };
  for (const { month, summary, billedCents } of changedMonths) months[month] = statsOf(summary, billedCents);
  return {
    patientId: ledger.patientId,
    revision: ledger.revision,
    enrolledMonth: ledger.enrolledOn.slice(0, 7),
    consented: consentedMonthRanges(ledger),
    months: Object.fromEntries(
      Object.keys(months)
        .sort()
        .map((m) => [m, months[m]]),
    ),
  };
}

const emptyCounts = (): {
  active: number;
  billable: number;
  bands: Record<MinuteBand, number>;
  billedCents: number;
} => ({
  active: 0,
  billable: 0,
  bands: { '1-19': 0, '20-39': 0, '40-59': 0, '60+': 0 },
  billedCents: 0,
});

/** Pure: the practice document with one contribution added (`sign` 1) or taken away (`sign` -1). */
export function addContribution(
  document: ProgramMetricsDocument,
  contribution: MetricsContribution,
  sign: 1 | -1,
): ProgramMetricsDocument {
  const changes: Record<string, { enrolled: number; consented: number }> = {};
  for (const [m, c] of Object.entries(document.changes)) changes[m] = { ...c };
  const bump = (month: string, field: 'enrolled' | 'consented', by: number): void => {
    changes[month] ??= { enrolled: 0, consented: 0 };
    changes[month][field] += by;
  };
  bump(contribution.enrolledMonth, 'enrolled', sign);
  for (const range of contribution.consented) {
    bump(range.from, 'consented', sign);
    if (range.to !== null) bump(nextMonth(range.to), 'consented', -sign);
  }
  const months: Record<string, ReturnType<typeof emptyCounts>> = {};
  for (const [m, c] of Object.entries(document.months)) months[m] = { ...c, bands: { ...c.bands } };
  for (const [month, stats] of Object.entries(contribution.months)) {
    const counts = (months[month] ??= emptyCounts());
    counts.active += sign * stats.active;
    counts.billable += sign * stats.billable;
    counts.billedCents += sign * (stats.billedCents ?? 0);
    if (stats.band) counts.bands[stats.band] += sign;
  }
  const clean = <T>(record: Record<string, T>, empty: (value: T) => boolean): Record<string, T> =>
    Object.fromEntries(
      Object.keys(record)
        .sort()
        .filter((k) => !empty(record[k]))
        .map((k) => [k, record[k]]),
    );
  return {
    practiceId: document.practiceId,
    changes: clean(changes, (c) => c.enrolled === 0 && c.consented === 0),
    months: clean(
      months,
      (c) =>
        c.active === 0 &&
        c.billable === 0 &&
        c.billedCents === 0 &&
        Object.values(c.bands).every((n) => n === 0),
    ),
  };
}

export interface ProgramMetrics {
  readonly month: string;
  readonly enrolled: number;
  readonly consented: number;
  readonly active: number;
  readonly billable: number;
  /** Patients with consent during the month by CCM staff minutes counted; `0` includes no activity. */
  readonly minutes: Readonly<Record<'0' | MinuteBand, number>>;
  /** What the billable patient-months' codes are estimated to be allowed (fee table, national). */
  readonly estimatedBilledCents: number;
  /** Of the consented patients, how many reached each staff-time threshold (99490, 99439 x1, x2). */
  readonly reached: Readonly<
    Record<(typeof THRESHOLD_MINUTES)[number], { patients: number; share: number | null }>
  >;
}

/** Pure: the metrics of one month from the practice document. */
export function metricsFor(document: ProgramMetricsDocument | undefined, month: string): ProgramMetrics {
  let enrolled = 0;
  let consented = 0;
  for (const [m, change] of Object.entries(document?.changes ?? {})) {
    if (m > month) continue;
    enrolled += change.enrolled;
    consented += change.consented;
  }
  const counts = document?.months[month] ?? emptyCounts();
  const withMinutes = MINUTE_BANDS.reduce((sum, band) => sum + counts.bands[band], 0);
  const atLeast = (bands: readonly MinuteBand[]): number =>
    bands.reduce((sum, b) => sum + counts.bands[b], 0);
  const share = (patients: number) => ({
    patients,
    share: consented > 0 ? Math.round((patients / consented) * 10_000) / 10_000 : null,
  });
  return {
    month,
    enrolled,
    consented,
    active: counts.active,
    billable: counts.billable,
    estimatedBilledCents: counts.billedCents ?? 0,
    minutes: { '0': Math.max(0, consented - withMinutes), ...counts.bands },
    reached: {
      '20': share(atLeast(['20-39', '40-59', '60+'])),
      '40': share(atLeast(['40-59', '60+'])),
      '60': share(atLeast(['60+'])),
    },
  };
}
