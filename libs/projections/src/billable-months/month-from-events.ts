import type { RecordedEvent } from '@ccm/event-store';
import { decodePatientEvent, decodePracticeEvent } from '../events/decode';
import { EMPTY_ACTIVITY, evolveActivity, type MonthActivity } from './month-activity';
import { evolveLedger, withMonths, type PatientLedger } from './patient-ledger';
import { buildPatientMonth, type PatientMonthDocument } from './patient-month';
import { evolvePracticeSnapshot, type PracticeSnapshot } from './practice-snapshot';

/**
 * Pure: one patient-month straight from the events, with the same derivation as the read model. Used
 * where a lagging read model will not do: deciding the month a claim is submitted on, and replaying a
 * month as it stood at an earlier instant.
 */
export function patientMonthFromEvents(
  practiceEvents: Iterable<RecordedEvent>,
  patientEvents: Iterable<RecordedEvent>,
  month: string,
): PatientMonthDocument | undefined {
  let practice: PracticeSnapshot | undefined;
  for (const recorded of practiceEvents) {
    const envelope = decodePracticeEvent(recorded);
    if (envelope) practice = evolvePracticeSnapshot(practice, envelope) ?? practice;
  }
  let ledger: PatientLedger | undefined;
  // Every month's activity is kept: a correction can move an entry from one month into another.
  const activities = new Map<string, MonthActivity>();
  for (const recorded of patientEvents) {
    const envelope = decodePatientEvent(recorded);
    if (!envelope) continue;
    ledger = evolveLedger(ledger, envelope)?.ledger ?? ledger;
    for (const [m, activity] of evolveActivity(activities, envelope)) activities.set(m, activity);
  }
  if (!ledger) return undefined;
  return buildPatientMonth(
    withMonths(ledger, [month]),
    month,
    activities.get(month) ?? EMPTY_ACTIVITY,
    practice,
  );
}
