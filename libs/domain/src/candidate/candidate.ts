import { canonicalJson } from '../shared/canonical-json';
import { accept, refuse, type Decision } from '../shared/decision';
import { isId } from '../shared/ids';
import { isLocalDate, isLocalDateTime, type LocalDateTime } from '../shared/local-time';
import { canonicalProfile } from './candidate-rules';
import {
  OUTREACH_CHANNELS,
  OUTREACH_OUTCOMES,
  OUTREACH_PURPOSES,
  type CandidateEvent,
  type CandidateProfile,
  type CandidateState,
  type IdentifiedCandidate,
  type OutreachAttempt,
} from './candidate.events';

export type CandidateCommand =
  | {
      /** From a panel import: identifies the candidate, or updates it when the content changed. */
      readonly type: 'IdentifyCandidate';
      readonly data: {
        readonly candidateId: string;
        readonly practiceId: string;
        readonly profile: CandidateProfile;
        /** The day the panel was drawn from the EHR (a panel loaded late, or moved from another system); today by default. */
        readonly identifiedOn?: string;
      };
    }
  | { readonly type: 'RecordOutreach'; readonly data: OutreachAttempt }
  | {
      readonly type: 'LinkEnrolment';
      readonly data: {
        readonly patientId: string;
        readonly enrolledOn: string;
        /** Whether `ccm.patient.{practiceId}.{patientId}` holds an enrolled patient: the application looks. */
        readonly patientEnrolled: boolean;
      };
    };

export interface CandidateDecisionContext {
  /** The practice's wall clock now: nothing recorded can have happened after it. */
  readonly nowLocal: LocalDateTime;
  readonly actorId: string;
}

type Result = Decision<CandidateEvent>;

/** The profile fields as stored, so that content read back from the store compares equal. */
const contentOf = (profile: CandidateProfile): string => {
  const { source, sourceId, name, dateOfBirth, sex, mbi, conditions, coverages, encounters } = profile;
  return canonicalJson(
    JSON.parse(
      JSON.stringify({ source, sourceId, name, dateOfBirth, sex, mbi, conditions, coverages, encounters }),
    ),
  );
};

const notFound = (): Result => refuse('CANDIDATE_NOT_FOUND', 'No such candidate in this practice.');

const oneOf = (allowed: readonly string[], value: unknown): boolean =>
  typeof value === 'string' && allowed.includes(value);

export function decideCandidate(
  command: CandidateCommand,
  state: CandidateState,
  context: CandidateDecisionContext,
): Result {
  const today = context.nowLocal.slice(0, 10);
  switch (command.type) {
    case 'IdentifyCandidate': {
      const { candidateId, practiceId } = command.data;
      if (!isId(candidateId))
        return refuse('CANDIDATE_INVALID', 'Candidate fields are not as the rules say.', {
          fields: ['candidateId'],
        });
      const on = command.data.identifiedOn ?? today;
      if (!isLocalDate(on) || on > today)
        return refuse('CANDIDATE_INVALID', 'Candidate fields are not as the rules say.', {
          fields: ['identifiedOn'],
        });
      const given = canonicalProfile(command.data.profile, today);
      if ('invalid' in given)
        return refuse('CANDIDATE_INVALID', 'Candidate fields are not as the rules say.', {
          fields: given.invalid,
        });
      const profile = given.value;
      if (state.status === 'unknown') {
        return accept({
          type: 'CandidateIdentified',
          data: { candidateId, practiceId, ...profile, identifiedOn: on, identifiedBy: context.actorId },
        });
      }
      // The same panel imported again is no news; changed content is recorded whole, as a new event.
      if (contentOf(profile) === contentOf(state))
        return { outcome: 'already_applied', atRevision: state.version };
      return accept({
        type: 'CandidateUpdated',
        data: { ...profile, updatedOn: on, updatedBy: context.actorId },
      });
    }
    case 'RecordOutreach': {
      if (state.status === 'unknown') return notFound();
      const attempt = command.data;
      const invalid = [
        ...(isId(attempt.attemptId) ? [] : ['attemptId']),
        ...(isLocalDateTime(attempt.attemptedAt) ? [] : ['attemptedAt']),
        ...(oneOf(OUTREACH_CHANNELS, attempt.channel) ? [] : ['channel']),
        ...(oneOf(OUTREACH_PURPOSES, attempt.purpose) ? [] : ['purpose']),
        ...(oneOf(OUTREACH_OUTCOMES, attempt.outcome) ? [] : ['outcome']),
      ];
      if (invalid.length > 0)
        return refuse('OUTREACH_INVALID', 'Outreach fields are not as the rules say.', { fields: invalid });
      const earlier = state.outreach.find((a) => a.attemptId === attempt.attemptId);
      if (earlier) {
        // The attempt id is the idempotency key: a re-send is harmless, other content under it is not.
        return canonicalJson(earlier) === canonicalJson({ ...attempt })
          ? { outcome: 'already_applied', atRevision: state.version }
          : refuse('ATTEMPT_ID_REUSED', 'This attempt id was used for another outreach attempt.');
      }
      if (attempt.attemptedAt > context.nowLocal)
        return refuse('OUTREACH_IN_FUTURE', 'An outreach attempt is recorded once it has happened.', {
          fields: ['attemptedAt'],
        });
      return accept({ type: 'OutreachAttempted', data: { ...attempt, recordedBy: context.actorId } });
    }
    case 'LinkEnrolment': {
      if (state.status === 'unknown') return notFound();
      const { patientId, enrolledOn, patientEnrolled } = command.data;
      const fields = [
        ...(isId(patientId) ? [] : ['patientId']),
        ...(isLocalDate(enrolledOn) && enrolledOn <= today ? [] : ['enrolledOn']),
      ];
      if (fields.length > 0)
        return refuse('ENROLMENT_INVALID', 'Enrolment fields are not as the rules say.', { fields });
      if (state.enrolment) {
        return state.enrolment.patientId === patientId
          ? { outcome: 'already_applied', atRevision: state.version }
          : refuse('CANDIDATE_ALREADY_ENROLLED', 'The candidate is already linked to another patient.');
      }
      if (!patientEnrolled)
        return refuse('CANDIDATE_PATIENT_NOT_FOUND', 'No enrolled patient with this id in the practice.', {
          fields: ['patientId'],
        });
      return accept({
        type: 'CandidateEnrolled',
        data: { patientId, enrolledOn, recordedBy: context.actorId },
      });
    }
  }
}

const profileOf = (data: CandidateProfile): CandidateProfile => ({
  source: data.source,
  ...(data.sourceId !== undefined ? { sourceId: data.sourceId } : {}),
  name: data.name,
  dateOfBirth: data.dateOfBirth,
  sex: data.sex,
  ...(data.mbi !== undefined ? { mbi: data.mbi } : {}),
  conditions: data.conditions,
  coverages: data.coverages,
  encounters: data.encounters,
});

export function evolveCandidate(state: CandidateState, event: CandidateEvent): CandidateState {
  const version = state.version + 1;
  switch (event.type) {
    case 'CandidateIdentified':
      return {
        status: 'identified',
        version,
        candidateId: event.data.candidateId,
        practiceId: event.data.practiceId,
        identifiedOn: event.data.identifiedOn,
        profileOn: event.data.identifiedOn,
        updates: 0,
        outreach: [],
        ...profileOf(event.data),
      };
    case 'CandidateUpdated':
      if (state.status === 'unknown') return { ...state, version };
      return {
        ...withoutProfile(state),
        ...profileOf(event.data),
        version,
        profileOn: event.data.updatedOn,
        updates: state.updates + 1,
      };
    case 'OutreachAttempted': {
      if (state.status === 'unknown') return { ...state, version };
      const { recordedBy: _by, ...attempt } = event.data;
      return { ...state, version, outreach: [...state.outreach, attempt] };
    }
    case 'CandidateEnrolled':
      if (state.status === 'unknown') return { ...state, version };
      return {
        ...state,
        version,
        enrolment: { patientId: event.data.patientId, enrolledOn: event.data.enrolledOn },
      };
  }
}

/** An update may drop the MBI or the EHR id: the previous ones must not survive it. */
function withoutProfile(state: IdentifiedCandidate) {
  const { sourceId: _sourceId, mbi: _mbi, ...rest } = state;
  return rest;
}

export const foldCandidate = (events: readonly CandidateEvent[], from: CandidateState): CandidateState =>
  events.reduce(evolveCandidate, from);
