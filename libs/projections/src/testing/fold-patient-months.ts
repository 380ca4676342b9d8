import type { RecordedEvent } from '@ccm/event-store';
import {
  decodePatientEvent,
  decodePracticeEvent,
  derivePatientMonths,
  evolvePracticeSnapshot,
  planPatientEvent,
  type PatientEventEnvelope,
  type PatientLedger,
  type PatientMonthDocument,
  type PracticeSnapshot,
} from '@ccm/patient-months';

/** The month-based read model of one patient computed in memory with the pure functions alone. */
export function foldPatientMonths(
  events: readonly RecordedEvent[],
  practiceId: string,
  patientId: string,
): { ledger: PatientLedger | undefined; months: Map<string, PatientMonthDocument> } {
  let ledger: PatientLedger | undefined;
  let practice: PracticeSnapshot | undefined;
  const months = new Map<string, PatientMonthDocument>();
  for (const event of events) {
    const practiceEvent = decodePracticeEvent(event);
    if (practiceEvent?.practiceId === practiceId)
      practice = evolvePracticeSnapshot(practice, practiceEvent) ?? practice;
    const envelope = decodePatientEvent(event);
    if (!envelope || envelope.practiceId !== practiceId || envelope.patientId !== patientId) continue;
    const plan = planPatientEvent(ledger, envelope);
    if (!plan) continue;
    for (const document of derivePatientMonths(plan, envelope, months, practice))
      months.set(document.month, document);
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
