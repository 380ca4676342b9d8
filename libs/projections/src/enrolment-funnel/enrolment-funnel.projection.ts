import type { RecordedEvent } from '@ccm/event-store';
import { decodePatientEvent, type PatientEventEnvelope } from '@ccm/patient-months';
import type { DocumentSession } from '../engine/document-session';
import { documentKey } from '../engine/keys';
import type { Projection } from '../engine/projection';
import { decodeCandidateEvent, type CandidateEventEnvelope } from './candidate-events';
import {
  evolveCandidateFunnelRecord,
  evolvePatientFunnelRecord,
  FUNNEL_PATIENT_EVENT_TYPES,
  type CandidateFunnelRecord,
  type PatientFunnelRecord,
} from './funnel-record';

export const ENROLMENT_FUNNEL = 'enrolment-funnel';
export const FUNNEL_COLLECTIONS = { candidate: 'candidate', patient: 'patient' } as const;
/** Every record of its collection, listed by id: the funnel of a month reads them all. */
export const FUNNEL_LIST = 'all';

export const candidateRecordKey = (practiceId: string, candidateId: string) =>
  documentKey(practiceId, FUNNEL_COLLECTIONS.candidate, candidateId);
export const patientRecordKey = (practiceId: string, patientId: string) =>
  documentKey(practiceId, FUNNEL_COLLECTIONS.patient, patientId);

type FunnelEnvelope =
  | { readonly kind: 'candidate'; readonly envelope: CandidateEventEnvelope }
  | { readonly kind: 'patient'; readonly envelope: PatientEventEnvelope };

function funnelEventOf(event: RecordedEvent): FunnelEnvelope | undefined {
  const candidate = decodeCandidateEvent(event);
  if (candidate) return { kind: 'candidate', envelope: candidate };
  if (!FUNNEL_PATIENT_EVENT_TYPES.has(event.type)) return undefined;
  const patient = decodePatientEvent(event);
  return patient ? { kind: 'patient', envelope: patient } : undefined;
}

const keyOf = (item: FunnelEnvelope) =>
  item.kind === 'candidate'
    ? candidateRecordKey(item.envelope.practiceId, item.envelope.candidateId)
    : patientRecordKey(item.envelope.practiceId, item.envelope.patientId);

/**
 * Per candidate and per patient, the dates the enrolment funnel is made of (funnel-record.ts). Candidate
 * streams and patient streams each keep their own records: the link between them (CandidateEnrolled) is
 * followed when a month is asked for, so it does not matter which stream's events come first.
 */
export const enrolmentFunnelProjection: Projection = {
  name: ENROLMENT_FUNNEL,
  layout: 1,
  handles: (event) => funnelEventOf(event) !== undefined,
  async project(events, session: DocumentSession) {
    const items = events.map(funnelEventOf).filter((e) => e !== undefined);
    await session.prefetch(items.map(keyOf));
    for (const item of items) {
      const key = keyOf(item);
      if (item.kind === 'candidate') {
        const record = await session.get<CandidateFunnelRecord>(key);
        const next = evolveCandidateFunnelRecord(record, item.envelope);
        if (next) session.put(key, next, [{ list: FUNNEL_LIST, sortKey: next.candidateId }]);
      } else {
        const record = await session.get<PatientFunnelRecord>(key);
        const next = evolvePatientFunnelRecord(record, item.envelope);
        if (next) session.put(key, next, [{ list: FUNNEL_LIST, sortKey: next.patientId }]);
      }
    }
  },
};
