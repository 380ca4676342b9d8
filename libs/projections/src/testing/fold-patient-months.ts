import type { RecordedEvent } from '@ccm/event-store';
import {
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

/** The document as a reader gets it back, as text: stored as JSON, parsed, its derived parts derived again. */
export const throughStorage = (document: PatientMonthDocument): string =>
  JSON.stringify(monthOfStored(JSON.parse(JSON.stringify(storedMonthOf(document))) as StoredPatientMonth));

/** Throws unless the document comes back from the read model's stored form as it went in, as text. */
function assertSurvivesStorage(document: PatientMonthDocument): void {
  if (throughStorage(document) !== JSON.stringify(document))
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
      assertSurvivesStorage(document);
      months.set(document.month, document);
    }
    ledger = plan.ledger;
  }
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
