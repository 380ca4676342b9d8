import { addDays, type LocalDate, type Measurement } from '@ccm/domain';

/** [takenAt, systolic, diastolic]. */
export type BloodPressure = readonly [string, number, number];
/** [takenAt, percent]. */
export type A1c = readonly [string, number];

/** A reading the outcome figures use, as an observation event gives it. */
export type Reading =
  | { readonly kind: 'bloodPressure'; readonly value: BloodPressure }
  | { readonly kind: 'a1c'; readonly value: A1c };

/**
 * One patient's current readings taken in one month (corrections applied, voided ones gone), by
 * observation id. Only the month's own readings: a new one rewrites this and not the patient's history.
 */
export interface MonthReadings {
  readonly bloodPressures: Readonly<Record<string, BloodPressure>>;
  readonly a1cs: Readonly<Record<string, A1c>>;
}

/** What a month's readings give the patient's outcome record. */
export interface MonthSummary {
  readonly bloodPressure: BloodPressure | undefined;
  readonly a1c: A1c | undefined;
  /** Set for the month of the day before enrolment only: its latest readings taken by that day. */
  readonly beforeEnrolment?: { readonly bloodPressure?: BloodPressure; readonly a1c?: A1c };
}

export const NO_READINGS: MonthReadings = { bloodPressures: {}, a1cs: {} };

export const monthOfReading = (takenAt: string): string => takenAt.slice(0, 7);

/** The month of the day before enrolment: the year before enrolment ends inside it. */
export const enrolmentEdgeMonth = (enrolledOn: LocalDate): string => monthOfReading(addDays(enrolledOn, -1));

/** The reading a measurement gives the figures; undefined for kinds they do not use. */
export function readingOf(takenAt: string, measurement: Measurement): Reading | undefined {
  if (measurement.kind === 'blood_pressure')
    return {
      kind: 'bloodPressure',
      value: [takenAt, measurement.systolicMmHg, measurement.diastolicMmHg],
    };
  if (measurement.kind === 'a1c') return { kind: 'a1c', value: [takenAt, measurement.a1cPercent] };
  return undefined;
}

const without = <T>(values: Readonly<Record<string, T>>, id: string): Record<string, T> => {
  const copy = { ...values };
  delete copy[id];
  return copy;
};

/** Pure: the month's readings without the observation's (whatever its kind). */
export const withoutReading = (month: MonthReadings, id: string): MonthReadings => ({
  bloodPressures: without(month.bloodPressures, id),
  a1cs: without(month.a1cs, id),
});

/** Pure: the month's readings with the observation's current reading. */
export function withReading(month: MonthReadings, id: string, reading: Reading): MonthReadings {
  const rest = withoutReading(month, id);
  return reading.kind === 'bloodPressure'
    ? { ...rest, bloodPressures: { ...rest.bloodPressures, [id]: reading.value } }
    : { ...rest, a1cs: { ...rest.a1cs, [id]: reading.value } };
}

export const isEmpty = (month: MonthReadings): boolean =>
  Object.keys(month.bloodPressures).length === 0 && Object.keys(month.a1cs).length === 0;

/** The latest reading by time taken, then observation id (the order the figures read them in). */
function latest<T extends readonly [string, ...unknown[]]>(
  values: Readonly<Record<string, T>>,
  takenBy?: LocalDate,
): T | undefined {
  let best: [string, T] | undefined;
  for (const [id, value] of Object.entries(values)) {
    if (takenBy !== undefined && value[0].slice(0, 10) > takenBy) continue;
    if (!best || value[0] > best[1][0] || (value[0] === best[1][0] && id > best[0])) best = [id, value];
  }
  return best?.[1];
}

/**
 * Pure: what the outcome record keeps of a month: its latest readings, and, for the month of the day
 * before enrolment (whose own latest may be taken after enrolment), its latest readings up to that day.
 */
export function summariseMonth(month: string, readings: MonthReadings, enrolledOn: LocalDate): MonthSummary {
  const summary = { bloodPressure: latest(readings.bloodPressures), a1c: latest(readings.a1cs) };
  if (month !== enrolmentEdgeMonth(enrolledOn)) return summary;
  const dayBefore = addDays(enrolledOn, -1);
  return {
    ...summary,
    beforeEnrolment: {
      bloodPressure: latest(readings.bloodPressures, dayBefore),
      a1c: latest(readings.a1cs, dayBefore),
    },
  };
}
