import type { RecordedEvent } from '@ccm/event-store';
import { decodePatientEvent, decodePracticeEvent } from './events/decode';
import { EMPTY_ACTIVITY, evolveActivity, type MonthActivity } from './month-activity';
import { billingMonthListsPatient, withMonths, type PatientLedger } from './patient-ledger';
import { buildPatientMonth, type PatientMonthDocument } from './patient-month';
import { planPatientEvent } from './patient-months';
import { evolvePracticeSnapshot, type PracticeSnapshot } from './practice-snapshot';

interface FoldedPatient {
  readonly practice: PracticeSnapshot | undefined;
  /** With the months the read model documents (planPatientEvent), undefined when not enrolled. */
  readonly ledger: PatientLedger | undefined;
  readonly activities: ReadonlyMap<string, MonthActivity>;
}

function foldPatient(
  practiceEvents: Iterable<RecordedEvent>,
  patientEvents: Iterable<RecordedEvent>,
): FoldedPatient {
  let practice: PracticeSnapshot | undefined;
  for (const recorded of practiceEvents) {
    const envelope = decodePracticeEvent(recorded);
    if (envelope) practice = evolvePracticeSnapshot(practice, envelope) ?? practice;
  }
  let ledger: PatientLedger | undefined;
  // Every month's activity is kept: a correction can move an entry from one month into another.
  const activities = new Map<string, MonthActivity>();
  const placements = new Map<string, readonly string[]>();
  for (const recorded of patientEvents) {
    const envelope = decodePatientEvent(recorded);
    if (!envelope) continue;
    const plan = planPatientEvent(ledger, envelope, (entryId) => placements.get(entryId));
    if (plan?.placed) placements.set(plan.placed.entryId, plan.placed.months);
    ledger = plan?.ledger ?? ledger;
    for (const [m, activity] of evolveActivity(activities, envelope)) activities.set(m, activity);
  }
  return { practice, ledger, activities };
}

const monthOf = (
  { practice, activities }: FoldedPatient,
  ledger: PatientLedger,
  month: string,
): PatientMonthDocument =>
  buildPatientMonth(withMonths(ledger, [month]), month, activities.get(month) ?? EMPTY_ACTIVITY, practice);

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
  const folded = foldPatient(practiceEvents, patientEvents);
  return folded.ledger ? monthOf(folded, folded.ledger, month) : undefined;
}

/**
 * patientMonthFromEvents for the patient-months `GET /billing/months/{month}` lists, undefined for the
 * others (billingMonthListsPatient): the billing export lists exactly the api's patient-months.
 */
export function listedPatientMonthFromEvents(
  practiceEvents: Iterable<RecordedEvent>,
  patientEvents: Iterable<RecordedEvent>,
  month: string,
): PatientMonthDocument | undefined {
  const folded = foldPatient(practiceEvents, patientEvents);
  const { ledger } = folded;
  return ledger && billingMonthListsPatient(ledger, month) ? monthOf(folded, ledger, month) : undefined;
}
