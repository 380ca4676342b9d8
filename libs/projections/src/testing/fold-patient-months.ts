import type { RecordedEvent } from '@ccm/event-store';
import {
  afterHoursAccessForMonth,
  decodePatientEvent,
  decodePracticeEvent,
  derivePatientMonths,
  evolvePracticeSnapshot,
  monthOfStored,
  planPatientEvent,
  storedMonthOf,
  type PatientEventEnvelope,
  type PatientLedger,
  type PatientMonthDocument,
  type PracticeSnapshot,
  type StoredPatientMonth,
} from '@ccm/patient-months';

/**
 * The document as a reader gets it back, as text: stored, parsed, and derived again from the patient's
 * ledger (with 24/7 access from the practice, as the reader answers it).
 */
export const throughStorage = (
  document: PatientMonthDocument,
  ledger: PatientLedger,
  practice: PracticeSnapshot | undefined,
): string => {
  const stored = JSON.parse(JSON.stringify(storedMonthOf(document, practice))) as StoredPatientMonth;
  const afterHoursAccess = afterHoursAccessForMonth(practice?.afterHoursAccess, document.month);
  return JSON.stringify({ ...monthOfStored(stored, ledger), afterHoursAccess });
};

/** Throws unless the document comes back from the read model's stored form as it went in, as text. */
function assertSurvivesStorage(
  document: PatientMonthDocument,
  ledger: PatientLedger,
  practice: PracticeSnapshot | undefined,
): void {
  if (throughStorage(document, ledger, practice) !== JSON.stringify(document))
    throw new Error(`month ${document.month} of ${document.patientId} does not survive its stored form`);
}

/**
 * The month-based read model of one patient computed in memory with the pure functions alone. Every
 * month derived is checked to survive the form the read model stores it in, so each scenario checks it.
 */
export function foldPatientMonths(
  events: readonly RecordedEvent[],
  practiceId: string,
  patientId: string,
): { ledger: PatientLedger | undefined; months: Map<string, PatientMonthDocument> } {
  let ledger: PatientLedger | undefined;
  let practice: PracticeSnapshot | undefined;
  const months = new Map<string, PatientMonthDocument>();
  /** The practice each month was last derived with. */
  const derivedWith = new Map<string, PracticeSnapshot | undefined>();
  const placements = new Map<string, readonly string[]>();
  for (const event of events) {
    const practiceEvent = decodePracticeEvent(event);
    if (practiceEvent?.practiceId === practiceId)
      practice = evolvePracticeSnapshot(practice, practiceEvent) ?? practice;
    const envelope = decodePatientEvent(event);
    if (!envelope || envelope.practiceId !== practiceId || envelope.patientId !== patientId) continue;
    const plan = planPatientEvent(ledger, envelope, (entryId) => placements.get(entryId));
    if (!plan) continue;
    if (plan.placed) placements.set(plan.placed.entryId, plan.placed.months);
    for (const document of derivePatientMonths(plan, envelope, months, practice)) {
      assertSurvivesStorage(document, plan.ledger, practice);
      months.set(document.month, document);
      derivedWith.set(document.month, practice);
    }
    ledger = plan.ledger;
  }
  // A reader derives each month from the ledger as it is at the end: it must give what was derived last.
  if (ledger)
    for (const document of months.values())
      assertSurvivesStorage(document, ledger, derivedWith.get(document.month));
  return { ledger, months };
}

export const envelopesOf = (
  events: readonly RecordedEvent[],
  practiceId: string,
  patientId: string,
): PatientEventEnvelope[] =>
  events
    .map(decodePatientEvent)
    .filter(
      (e): e is PatientEventEnvelope =>
        e !== undefined && e.practiceId === practiceId && e.patientId === patientId,
    );
