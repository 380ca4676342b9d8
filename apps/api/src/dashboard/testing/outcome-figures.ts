import type { Page } from 'playwright-core';

/**
 * What the Outcomes page should show for an answer of GET /metrics/outcomes, written here independently
 * of the page's modules: each value as text, and the numbers its numerator/denominator line names.
 */
interface ShareAnswer {
  readonly numerator: number;
  readonly denominator: number;
  readonly share: number | null;
}
interface RateAnswer {
  readonly events: number;
  readonly patients: number;
  readonly per1000: number | null;
}
type Control = ShareAnswer & {
  readonly beforeEnrolment: ShareAnswer;
  readonly withoutReading: number;
  readonly definition: {
    readonly numerator: string;
    readonly denominator: string;
    readonly lookBack: string;
  };
};

export interface OutcomesAnswer {
  readonly month: string;
  readonly enrolledPatients: number;
  readonly bloodPressureControlled: Control;
  readonly a1cAbove9: Control;
  readonly admissions: RateAnswer;
  readonly readmissions: RateAnswer;
  readonly emergencyVisits: RateAnswer;
  readonly admissionsPerPatientYear: {
    readonly beforeEnrolment: number | null;
    readonly sinceEnrolment: number | null;
  };
  readonly medicationReconciliationAfterDischarge: ShareAnswer & { readonly pending: number };
  readonly adherent: ShareAnswer;
  readonly satisfaction: { readonly respondents: number; readonly meanScorePercent: number | null };
}

const NO_DATA = 'No data';
const shareText = (share: number | null): string =>
  share === null ? NO_DATA : `${(share * 100).toFixed(1)}%`;
const rateText = (value: number | null, unit: string): string =>
  value === null
    ? NO_DATA
    : `${value.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ${unit}`;

/** Each `data-figure` of the page: its value's text. */
export function expectedValues(a: OutcomesAnswer): Record<string, string> {
  return {
    enrolledPatients: String(a.enrolledPatients),
    bloodPressureControlled: shareText(a.bloodPressureControlled.share),
    'bloodPressureControlled.beforeEnrolment': shareText(a.bloodPressureControlled.beforeEnrolment.share),
    a1cAbove9: shareText(a.a1cAbove9.share),
    'a1cAbove9.beforeEnrolment': shareText(a.a1cAbove9.beforeEnrolment.share),
    admissions: rateText(a.admissions.per1000, 'per 1,000'),
    readmissions: rateText(a.readmissions.per1000, 'per 1,000'),
    emergencyVisits: rateText(a.emergencyVisits.per1000, 'per 1,000'),
    admissionsPerPatientYear: rateText(a.admissionsPerPatientYear.sinceEnrolment, 'per 1,000 patient-years'),
    'admissionsPerPatientYear.beforeEnrolment': rateText(
      a.admissionsPerPatientYear.beforeEnrolment,
      'per 1,000 patient-years',
    ),
    medicationReconciliationAfterDischarge: shareText(a.medicationReconciliationAfterDischarge.share),
    adherent: shareText(a.adherent.share),
    satisfaction:
      a.satisfaction.meanScorePercent === null ? NO_DATA : `${a.satisfaction.meanScorePercent.toFixed(1)}%`,
  };
}

/** Each `data-figure` numerator/denominator line: the numbers it names, in order. */
export function expectedCounts(a: OutcomesAnswer): Record<string, number[]> {
  const pair = (s: ShareAnswer) => [s.numerator, s.denominator];
  const rate = (r: RateAnswer) => [r.events, r.patients];
  return {
    'bloodPressureControlled.count': pair(a.bloodPressureControlled),
    'bloodPressureControlled.beforeEnrolment.count': pair(a.bloodPressureControlled.beforeEnrolment),
    'a1cAbove9.count': pair(a.a1cAbove9),
    'a1cAbove9.beforeEnrolment.count': pair(a.a1cAbove9.beforeEnrolment),
    'admissions.count': rate(a.admissions),
    'readmissions.count': rate(a.readmissions),
    'emergencyVisits.count': rate(a.emergencyVisits),
    'medicationReconciliationAfterDischarge.count': pair(a.medicationReconciliationAfterDischarge),
    'adherent.count': pair(a.adherent),
    'satisfaction.count': [a.satisfaction.respondents],
  };
}

/** The trend table's rows: month, blood pressure control, A1c over 9%. */
export const expectedTrendRows = (months: readonly string[], answers: readonly OutcomesAnswer[]) =>
  answers.map((a, i) => [
    months[i],
    shareText(a.bloodPressureControlled.share),
    shareText(a.a1cAbove9.share),
  ]);

/** The 12 calendar months ending with `month`, oldest first. */
export function twelveMonthsTo(month: string): string[] {
  const [year, number] = month.split('-').map(Number);
  const months: string[] = [];
  for (let back = 11; back >= 0; back--)
    months.push(new Date(Date.UTC(year, number - 1 - back, 1)).toISOString().slice(0, 7));
  return months;
}

/** What the page shows: each value's text, and the numbers each numerator/denominator line names. */
export async function shownFigures(
  page: Page,
): Promise<{ values: Record<string, string>; counts: Record<string, number[]> }> {
  const shown = await page.$$eval('[data-figure]', (nodes) =>
    nodes.map((n) => [n.getAttribute('data-figure') ?? '', n.textContent ?? ''] as const),
  );
  const isCount = (name: string) => name.endsWith('.count');
  return {
    values: Object.fromEntries(shown.filter(([name]) => !isCount(name))),
    counts: Object.fromEntries(
      shown
        .filter(([name]) => isCount(name))
        .map(([name, text]) => [name, (text.match(/\d+/g) ?? []).map(Number)]),
    ),
  };
}

/** The trend's table of figures (the chart's legend is a table too, outside the disclosure). */
export const shownTrendRows = (page: Page) =>
  page.$$eval('#trend-outcomes details tbody tr', (rows) =>
    rows.map((row) => [...row.children].map((cell) => cell.textContent)),
  );

/** Pending reconciliations are said in words: none, or how many discharges are still inside their 30 days. */
export const pendingNote = (pending: number): RegExp =>
  pending === 0
    ? /^No discharge of the month is still inside/
    : new RegExp(`^${pending} discharges? of the month`);
