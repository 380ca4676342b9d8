import type { InpatientStay } from '../billing-facts/billing-facts.events';
import type { PatientEvent } from '../patient/patient';
import { toMinuteIndex, type LocalDate } from '../shared/local-time';

/** Days after an acute discharge within which an acute admission is a readmission (discharge day is day 0). */
export const READMISSION_WINDOW_DAYS = 30;

export interface Admission extends InpatientStay {
  /**
   * An acute hospital admission on or within 30 days after the discharge date of an earlier acute stay of
   * the patient. Always false for a skilled nursing facility stay, which is neither a readmission nor an
   * index discharge.
   */
  readonly readmissionWithin30Days: boolean;
  /** The acute stay whose discharge makes this a readmission: the latest discharge before this admission. */
  readonly afterStayId?: string;
  /** Whole days from that discharge to this admission (0 to 30). */
  readonly daysSinceDischarge?: number;
}

const daysFrom = (from: LocalDate, to: LocalDate): number =>
  Math.round((toMinuteIndex(to, '00:00') - toMinuteIndex(from, '00:00')) / (24 * 60));

/**
 * The admissions of one patient from their stays (each stay once, its latest record: a discharge completes
 * an open stay), in order of admission, each flagged when it is a 30-day readmission. Pure.
 */
export function admissionsOf(stays: Iterable<InpatientStay>): Admission[] {
  const ordered = [...stays].sort(
    (a, b) => a.admit.localeCompare(b.admit) || a.stayId.localeCompare(b.stayId),
  );
  return ordered.map((stay, position) => {
    if (stay.stayType !== 'acute_hospital_inpatient') return { ...stay, readmissionWithin30Days: false };
    // Only stays admitted before this one (in admission order) can be its index stay.
    const index = ordered
      .slice(0, position)
      .filter(
        (earlier) =>
          earlier.stayType === 'acute_hospital_inpatient' &&
          earlier.discharge !== null &&
          earlier.discharge <= stay.admit,
      )
      .reduce<InpatientStay | undefined>(
        (latest, s) => (latest === undefined || (s.discharge ?? '') > (latest.discharge ?? '') ? s : latest),
        undefined,
      );
    const days = index?.discharge ? daysFrom(index.discharge, stay.admit) : undefined;
    if (index === undefined || days === undefined || days > READMISSION_WINDOW_DAYS) {
      return { ...stay, readmissionWithin30Days: false };
    }
    return { ...stay, readmissionWithin30Days: true, afterStayId: index.stayId, daysSinceDischarge: days };
  });
}

/** `admissionsOf` the stays recorded in a patient's events, in stream order. */
export function listAdmissions(events: Iterable<PatientEvent>): Admission[] {
  const stays = new Map<string, InpatientStay>();
  for (const event of events) {
    if (event.type === 'InpatientStayRecorded') stays.set(event.data.stayId, event.data);
  }
  return admissionsOf(stays.values());
}
