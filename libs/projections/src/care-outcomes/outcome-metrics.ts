import { addDays, admissionsOf, type Admission, type LocalDate } from '@ccm/domain';
import { firstDayOf, lastDayOf, previousMonth } from '@ccm/patient-months';
import { DEFINITIONS } from './outcome-definitions';
import type { OutcomeMetrics, Rate, Share } from './outcome-figures';
import { enrolmentEdgeMonth, type A1c, type BloodPressure } from './outcome-readings';
import type { OutcomeRecord } from './outcome-record';

export type { Definition, OutcomeMetrics, Rate, Share } from './outcome-figures';

const HYPERTENSION = /^I1[0-356]/;
const DIABETES = /^E(0[89]|1[013])/;

const shareOf = (numerator: number, denominator: number): Share => ({
  numerator,
  denominator,
  share: denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null,
});
const rateOf = (events: number, patients: number): Rate => ({
  events,
  patients,
  per1000: patients > 0 ? Math.round((events / patients) * 1_000_000) / 1000 : null,
});
const days = (from: LocalDate, to: LocalDate): number =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** The 12 calendar months ending with `month`: its first day. */
function yearStart(month: string): LocalDate {
  let m = month;
  for (let i = 0; i < 11; i++) m = previousMonth(m);
  return firstDayOf(m);
}

/** What a month reads of one patient, worked out once per request whatever the number of months. */
interface Prepared {
  readonly enrolledOn: LocalDate;
  readonly yearBeforeEnrolment: LocalDate;
  readonly hypertension: readonly (readonly [LocalDate, LocalDate | null])[];
  readonly diabetes: readonly (readonly [LocalDate, LocalDate | null])[];
  /**
   * Each month's latest, in month order: the latest in a window of whole months is found from the end
   * (a month whose latest is before the window has nothing in it).
   */
  readonly bloodPressures: readonly BloodPressure[];
  readonly a1cs: readonly A1c[];
  readonly bpBeforeEnrolment: readonly [string, number, number] | undefined;
  readonly a1cBeforeEnrolment: readonly [string, number] | undefined;
  readonly admissions: readonly (Admission & {
    readonly windowEnd: LocalDate | null;
    readonly reconciled: boolean;
  })[];
  readonly emergencyVisits: readonly LocalDate[];
  readonly adherenceChecks: readonly (readonly [LocalDate, string])[];
  readonly surveys: readonly (readonly [LocalDate, number])[];
}

const byTimeThenId = <T extends readonly [string, ...unknown[]]>(values: Readonly<Record<string, T>>): T[] =>
  Object.entries(values)
    .sort(([a, x], [b, y]) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([, value]) => value);

/** The latest of values sorted by time whose day is in [from, to]. */
function latestIn<T extends readonly [string, ...unknown[]]>(
  sorted: readonly T[],
  from: LocalDate,
  to: LocalDate,
) {
  for (let i = sorted.length - 1; i >= 0; i--) {
    const day = sorted[i][0].slice(0, 10);
    if (day <= to) return day >= from ? sorted[i] : undefined;
  }
  return undefined;
}

const periods = (record: OutcomeRecord, pattern: RegExp) =>
  Object.entries(record.conditions)
    .filter(([code]) => pattern.test(code))
    .map(([, period]) => period);
const holds = (list: Prepared['hypertension'], on: LocalDate): boolean =>
  list.some(([since, resolved]) => since <= on && (resolved === null || resolved > on));

/** Each month's latest, in month order; only the months before `before` when given. */
const inMonthOrder = <T>(byMonth: Readonly<Record<string, T>>, before?: string): T[] =>
  Object.keys(byMonth)
    .filter((month) => before === undefined || month < before)
    .sort()
    .map((month) => byMonth[month]);

/**
 * The months before the one of the day before enrolment, then that month's latest taken by that day: the
 * year before enrolment ends inside a month, whose own latest may be taken after it.
 */
const upTo = <T>(byMonth: Readonly<Record<string, T>>, edgeMonth: string, edge: T | undefined): T[] => [
  ...inMonthOrder(byMonth, edgeMonth),
  ...(edge === undefined ? [] : [edge]),
];

function prepare(record: OutcomeRecord): Prepared {
  const bloodPressures = inMonthOrder(record.bloodPressureByMonth);
  const a1cs = inMonthOrder(record.a1cByMonth);
  const yearBeforeEnrolment = addDays(record.enrolledOn, -365);
  const dayBefore = addDays(record.enrolledOn, -1);
  const edgeMonth = enrolmentEdgeMonth(record.enrolledOn);
  const { beforeEnrolment } = record;
  const reconciliations = Object.values(record.reconciliations);
  return {
    enrolledOn: record.enrolledOn,
    yearBeforeEnrolment,
    hypertension: periods(record, HYPERTENSION),
    diabetes: periods(record, DIABETES),
    bloodPressures,
    a1cs,
    bpBeforeEnrolment: latestIn(
      upTo(record.bloodPressureByMonth, edgeMonth, beforeEnrolment.bloodPressure),
      yearBeforeEnrolment,
      dayBefore,
    ),
    a1cBeforeEnrolment: latestIn(
      upTo(record.a1cByMonth, edgeMonth, beforeEnrolment.a1c),
      yearBeforeEnrolment,
      dayBefore,
    ),
    admissions: admissionsOf(Object.values(record.stays)).map((a) => {
      const windowEnd = a.discharge === null ? null : addDays(a.discharge, 30);
      const reconciled =
        windowEnd !== null && reconciliations.some((d) => d >= (a.discharge as string) && d <= windowEnd);
      return { ...a, windowEnd, reconciled };
    }),
    emergencyVisits: Object.values(record.emergencyVisits),
    adherenceChecks: byTimeThenId(record.adherenceChecks),
    surveys: byTimeThenId(record.surveys),
  };
}

function controlShares<T extends readonly [string, ...unknown[]]>(
  patients: readonly Prepared[],
  current: (p: Prepared) => T | undefined,
  before: (p: Prepared) => T | undefined,
  counts: (value: T) => boolean,
) {
  let numerator = 0;
  let denominator = 0;
  let baselineNumerator = 0;
  let baselineDenominator = 0;
  for (const patient of patients) {
    const now = current(patient);
    if (now) {
      denominator++;
      if (counts(now)) numerator++;
    }
    const baseline = before(patient);
    if (baseline) {
      baselineDenominator++;
      if (counts(baseline)) baselineNumerator++;
    }
  }
  return {
    ...shareOf(numerator, denominator),
    beforeEnrolment: shareOf(baselineNumerator, baselineDenominator),
    withoutReading: patients.length - denominator,
  };
}

function monthOf(prepared: readonly Prepared[], month: string, today: LocalDate): OutcomeMetrics {
  const start = firstDayOf(month);
  const end = lastDayOf(month);
  const yearFrom = yearStart(month);
  const enrolled = prepared.filter((p) => p.enrolledOn <= end);
  let admitted = 0;
  let readmitted = 0;
  let emergency = 0;
  let before = 0;
  let since = 0;
  let sinceDays = 0;
  let discharges = 0;
  let reconciled = 0;
  let pending = 0;
  let checked = 0;
  let adherent = 0;
  let respondents = 0;
  let scoreSum = 0;
  for (const patient of enrolled) {
    for (const a of patient.admissions) {
      const acute = a.stayType === 'acute_hospital_inpatient';
      if (acute && a.admit >= start && a.admit <= end) {
        admitted++;
        if (a.readmissionWithin30Days) readmitted++;
      }
      if (acute && a.admit >= patient.yearBeforeEnrolment && a.admit < patient.enrolledOn) before++;
      if (acute && a.admit >= patient.enrolledOn && a.admit >= yearFrom && a.admit <= end) since++;
      if (a.discharge !== null && a.windowEnd !== null && a.discharge >= start && a.discharge <= end) {
        if (a.reconciled) {
          discharges++;
          reconciled++;
        } else if (a.windowEnd >= today) pending++;
        else discharges++;
      }
    }
    emergency += patient.emergencyVisits.filter((d) => d >= start && d <= end).length;
    const enrolledFrom = patient.enrolledOn > yearFrom ? patient.enrolledOn : yearFrom;
    sinceDays += Math.max(0, days(enrolledFrom, end) + 1);
    const check = latestIn(patient.adherenceChecks, addDays(end, -89), end);
    if (check) {
      checked++;
      if (check[1] === 'adherent') adherent++;
    }
    const survey = latestIn(patient.surveys, yearFrom, end);
    if (survey) {
      respondents++;
      scoreSum += survey[1];
    }
  }
  const perPatientYear = (events: number, patientDays: number) =>
    patientDays > 0 ? Math.round((events / (patientDays / 365)) * 1_000_000) / 1000 : null;
  const hypertensive = enrolled.filter((p) => holds(p.hypertension, end));
  const diabetic = enrolled.filter((p) => holds(p.diabetes, end));
  return {
    month,
    enrolledPatients: enrolled.length,
    bloodPressureControlled: {
      ...controlShares(
        hypertensive,
        (p) => latestIn(p.bloodPressures, yearFrom, end),
        (p) => p.bpBeforeEnrolment,
        ([, s, d]) => s < 140 && d < 90,
      ),
      definition: DEFINITIONS.bloodPressureControlled(month),
    },
    a1cAbove9: {
      ...controlShares(
        diabetic,
        (p) => latestIn(p.a1cs, yearFrom, end),
        (p) => p.a1cBeforeEnrolment,
        ([, v]) => v > 9,
      ),
      definition: DEFINITIONS.a1cAbove9(month),
    },
    admissions: { ...rateOf(admitted, enrolled.length), definition: DEFINITIONS.admissions(month) },
    readmissions: { ...rateOf(readmitted, enrolled.length), definition: DEFINITIONS.readmissions(month) },
    emergencyVisits: {
      ...rateOf(emergency, enrolled.length),
      definition: DEFINITIONS.emergencyVisits(month),
    },
    admissionsPerPatientYear: {
      beforeEnrolment: perPatientYear(before, enrolled.length * 365),
      sinceEnrolment: perPatientYear(since, sinceDays),
      definition: DEFINITIONS.admissionsPerPatientYear(month),
    },
    medicationReconciliationAfterDischarge: {
      ...shareOf(reconciled, discharges),
      pending,
      definition: DEFINITIONS.medicationReconciliationAfterDischarge(month),
    },
    adherent: { ...shareOf(adherent, checked), definition: DEFINITIONS.adherent(month) },
    satisfaction: {
      respondents,
      meanScorePercent: respondents > 0 ? Math.round((scoreSum / respondents) * 1000) / 10 : null,
      definition: DEFINITIONS.satisfaction(month),
    },
  };
}

/**
 * Pure: a practice's outcome figures for each of the months, from the outcome records of its patients,
 * each patient's record worked out once. `today` (practice-local) tells which 30-day windows after a
 * discharge are still open.
 */
export function outcomeTrendFor(
  records: readonly OutcomeRecord[],
  months: readonly string[],
  today: LocalDate,
): OutcomeMetrics[] {
  const prepared = records.map(prepare);
  return months.map((month) => monthOf(prepared, month, today));
}

/** Pure: one month's figures (outcomeTrendFor of one month). */
export const outcomeMetricsFor = (
  records: readonly OutcomeRecord[],
  month: string,
  today: LocalDate,
): OutcomeMetrics => monthOf(records.map(prepare), month, today);
