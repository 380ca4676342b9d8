import { addDays, admissionsOf, type LocalDate } from '@ccm/domain';
import { firstDayOf, lastDayOf, previousMonth } from '@ccm/patient-months';
import { DEFINITIONS } from './outcome-definitions';
import type { OutcomeRecord } from './outcome-record';

/** A share, with what it counts and over what: every figure says how it is made. */
export interface Share {
  readonly numerator: number;
  readonly denominator: number;
  /** numerator / denominator to four places; null when the denominator is 0. */
  readonly share: number | null;
}

export interface Rate {
  readonly events: number;
  readonly patients: number;
  /** events per 1,000 patients; null without patients. */
  readonly per1000: number | null;
}

export interface Definition {
  readonly numerator: string;
  readonly denominator: string;
  readonly lookBack: string;
}

export interface OutcomeMetrics {
  readonly month: string;
  readonly enrolledPatients: number;
  readonly bloodPressureControlled: Share & {
    readonly beforeEnrolment: Share;
    readonly withoutReading: number;
    readonly definition: Definition;
  };
  readonly a1cAbove9: Share & {
    readonly beforeEnrolment: Share;
    readonly withoutReading: number;
    readonly definition: Definition;
  };
  readonly admissions: Rate & { readonly definition: Definition };
  readonly readmissions: Rate & { readonly definition: Definition };
  readonly emergencyVisits: Rate & { readonly definition: Definition };
  /** Admissions per 1,000 patient-years in the year before enrolment and in the enrolled part of the last year. */
  readonly admissionsPerPatientYear: {
    readonly beforeEnrolment: number | null;
    readonly sinceEnrolment: number | null;
    readonly definition: Definition;
  };
  readonly medicationReconciliationAfterDischarge: Share & {
    readonly pending: number;
    readonly definition: Definition;
  };
  readonly adherent: Share & { readonly definition: Definition };
  readonly satisfaction: {
    readonly respondents: number;
    /** Mean of each respondent's latest overall score as a share of its scale, as a percentage. */
    readonly meanScorePercent: number | null;
    readonly definition: Definition;
  };
}

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

const hasCondition = (record: OutcomeRecord, pattern: RegExp, on: LocalDate): boolean =>
  Object.entries(record.conditions).some(
    ([code, [since, resolved]]) => pattern.test(code) && since <= on && (resolved === null || resolved > on),
  );

/** The latest value taken in [from, to] (dates), by time taken then id. */
function latestIn<T extends readonly [string, ...unknown[]]>(
  values: Readonly<Record<string, T>>,
  from: LocalDate,
  to: LocalDate,
): T | undefined {
  let latest: [string, T] | undefined;
  for (const [id, value] of Object.entries(values)) {
    const day = value[0].slice(0, 10);
    if (day < from || day > to) continue;
    if (!latest || value[0] > latest[1][0] || (value[0] === latest[1][0] && id > latest[0]))
      latest = [id, value];
  }
  return latest?.[1];
}

function controlShares<T extends readonly [string, ...unknown[]]>(
  patients: readonly OutcomeRecord[],
  valuesOf: (r: OutcomeRecord) => Readonly<Record<string, T>>,
  counts: (value: T) => boolean,
  from: LocalDate,
  to: LocalDate,
) {
  let numerator = 0;
  let denominator = 0;
  let before = 0;
  let beforeDenominator = 0;
  for (const record of patients) {
    const current = latestIn(valuesOf(record), from, to);
    if (current) {
      denominator++;
      if (counts(current)) numerator++;
    }
    const baseline = latestIn(
      valuesOf(record),
      addDays(record.enrolledOn, -365),
      addDays(record.enrolledOn, -1),
    );
    if (baseline) {
      beforeDenominator++;
      if (counts(baseline)) before++;
    }
  }
  return {
    ...shareOf(numerator, denominator),
    beforeEnrolment: shareOf(before, beforeDenominator),
    withoutReading: patients.length - denominator,
  };
}

/**
 * Pure: a practice's outcome figures for one month, from the outcome records of its patients. `today`
 * (practice-local) tells which 30-day windows after a discharge are still open.
 */
export function outcomeMetricsFor(
  records: readonly OutcomeRecord[],
  month: string,
  today: LocalDate,
): OutcomeMetrics {
  const start = firstDayOf(month);
  const end = lastDayOf(month);
  const yearFrom = yearStart(month);
  const enrolled = records.filter((r) => r.enrolledOn <= end);
  const hypertensive = enrolled.filter((r) => hasCondition(r, HYPERTENSION, end));
  const diabetic = enrolled.filter((r) => hasCondition(r, DIABETES, end));
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
  for (const record of enrolled) {
    const admissions = admissionsOf(Object.values(record.stays));
    for (const a of admissions) {
      const acute = a.stayType === 'acute_hospital_inpatient';
      if (acute && a.admit >= start && a.admit <= end) {
        admitted++;
        if (a.readmissionWithin30Days) readmitted++;
      }
      if (acute && a.admit >= addDays(record.enrolledOn, -365) && a.admit < record.enrolledOn) before++;
      if (acute && a.admit >= record.enrolledOn && a.admit >= yearFrom && a.admit <= end) since++;
      if (a.discharge !== null && a.discharge >= start && a.discharge <= end) {
        const windowEnd = addDays(a.discharge, 30);
        const done = Object.values(record.reconciliations).some((d) => d >= a.discharge! && d <= windowEnd);
        if (done) {
          discharges++;
          reconciled++;
        } else if (windowEnd >= today) pending++;
        else discharges++;
      }
    }
    emergency += Object.values(record.emergencyVisits).filter((d) => d >= start && d <= end).length;
    const enrolledFrom = record.enrolledOn > yearFrom ? record.enrolledOn : yearFrom;
    sinceDays += Math.max(0, days(enrolledFrom, end) + 1);
    const check = latestIn(record.adherenceChecks, addDays(end, -89), end);
    if (check) {
      checked++;
      if (check[1] === 'adherent') adherent++;
    }
    const survey = latestIn(record.surveys, yearFrom, end);
    if (survey) {
      respondents++;
      scoreSum += survey[1];
    }
  }
  const perPatientYear = (events: number, patientDays: number) =>
    patientDays > 0 ? Math.round((events / (patientDays / 365)) * 1_000_000) / 1000 : null;
  return {
    month,
    enrolledPatients: enrolled.length,
    bloodPressureControlled: {
      ...controlShares(
        hypertensive,
        (r) => r.bloodPressures,
        ([, s, d]) => s < 140 && d < 90,
        yearFrom,
        end,
      ),
      definition: DEFINITIONS.bloodPressureControlled(month),
    },
    a1cAbove9: {
      ...controlShares(
        diabetic,
        (r) => r.a1cs,
        ([, v]) => v > 9,
        yearFrom,
        end,
      ),
      definition: DEFINITIONS.a1cAbove9(month),
    },
    admissions: {
      ...rateOf(admitted, enrolled.length),
      definition: DEFINITIONS.admissions(month),
    },
    readmissions: {
      ...rateOf(readmitted, enrolled.length),
      definition: DEFINITIONS.readmissions(month),
    },
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
    adherent: {
      ...shareOf(adherent, checked),
      definition: DEFINITIONS.adherent(month),
    },
    satisfaction: {
      respondents,
      meanScorePercent: respondents > 0 ? Math.round((scoreSum / respondents) * 1000) / 10 : null,
      definition: DEFINITIONS.satisfaction(month),
    },
  };
}
