import { parseCandidateStreamId } from '@ccm/domain';
import type { JsonObject, RecordedEvent } from '@ccm/event-store';

/**
 * What the funnel reads of a candidate's stream (`ccm.candidate.{practiceId}.{candidateId}`), decoded here
 * from the event contract rather than from the candidate slice's types: only dates, outcomes and the link
 * to a patient, never the profile (name, date of birth, MBI), which the funnel has no use for.
 */
export type CandidateFunnelEvent =
  | { readonly type: 'CandidateIdentified'; readonly identifiedOn: string }
  | {
      readonly type: 'OutreachAttempted';
      readonly attemptId: string;
      readonly attemptedAt: string;
      readonly outcome: OutreachOutcome;
    }
  | { readonly type: 'CandidateEnrolled'; readonly patientId: string };

export const OUTREACH_OUTCOMES = [
  'reached',
  'no_answer',
  'left_message',
  'wrong_number',
  'declined',
] as const;
export type OutreachOutcome = (typeof OUTREACH_OUTCOMES)[number];

export interface CandidateEventEnvelope {
  readonly practiceId: string;
  readonly candidateId: string;
  readonly revision: number;
  readonly event: CandidateFunnelEvent;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

const text = (data: JsonObject, key: string, pattern: RegExp): string | undefined => {
  const value = data[key];
  return typeof value === 'string' && pattern.test(value) ? value : undefined;
};

const isOutcome = (value: string | undefined): value is OutreachOutcome =>
  (OUTREACH_OUTCOMES as readonly (string | undefined)[]).includes(value);

/**
 * The funnel's part of one candidate event; undefined for events with no funnel effect (CandidateUpdated)
 * and for data that breaks the contract, which is skipped rather than allowed to stop the projector.
 */
function funnelEventOf(type: string, data: JsonObject): CandidateFunnelEvent | undefined {
  switch (type) {
    case 'CandidateIdentified': {
      const identifiedOn = text(data, 'identifiedOn', DATE);
      return identifiedOn ? { type, identifiedOn } : undefined;
    }
    case 'OutreachAttempted': {
      const attemptId = text(data, 'attemptId', ID);
      const attemptedAt = text(data, 'attemptedAt', DATE_TIME);
      const outcome = text(data, 'outcome', /^[a-z_]+$/);
      return attemptId && attemptedAt && isOutcome(outcome)
        ? { type, attemptId, attemptedAt, outcome }
        : undefined;
    }
    case 'CandidateEnrolled': {
      const patientId = text(data, 'patientId', ID);
      return patientId ? { type, patientId } : undefined;
    }
    default:
      return undefined;
  }
}

export function decodeCandidateEvent(recorded: RecordedEvent): CandidateEventEnvelope | undefined {
  const ids = parseCandidateStreamId(recorded.streamId);
  if (!ids) return undefined;
  const event = funnelEventOf(recorded.type, recorded.data);
  return event ? { ...ids, revision: Number(recorded.revision), event } : undefined;
}
