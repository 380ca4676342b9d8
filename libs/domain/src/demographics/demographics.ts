import { todayOf, type DecisionContext } from '../patient/decision-context';
import { checkIdempotencyKey, fingerprintOf, rememberIdempotencyKey } from '../patient/idempotency';
import type { EnrolledPatient } from '../patient/patient-state';
import { accept, refuse, type Decision } from '../shared/decision';
import { canonicalDemographics } from './demographics-rules';
import {
  DEMOGRAPHIC_FIELDS,
  fieldsOf,
  type Demographics,
  type DemographicsEvent,
} from './demographics.events';

export type DemographicsCommand =
  | { readonly type: 'RecordDemographics'; readonly data: Demographics }
  | {
      readonly type: 'CorrectDemographics';
      readonly data: Partial<Demographics> & { readonly correctionId: string; readonly reason: string };
    };

type Result = Decision<DemographicsEvent>;

/** The idempotency key of the (one) recording of a patient's demographics. */
export const DEMOGRAPHICS_KEY = 'demographics:recorded';

/** Field names only: the message and details never carry a submitted value. */
const invalid = (fields: string[]): Result =>
  refuse('DEMOGRAPHICS_INVALID', 'Demographic fields are not as the rules say.', { fields });

export function decideDemographics(
  command: DemographicsCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Result {
  switch (command.type) {
    case 'RecordDemographics': {
      const given = canonicalDemographics(command.data, todayOf(context));
      if ('invalid' in given) return invalid(given.invalid);
      const missing = DEMOGRAPHIC_FIELDS.filter((field) => given.value[field] === undefined);
      if (missing.length > 0) return invalid(missing);
      const data = { ...(given.value as Demographics), recordedBy: context.actorId };
      // Recorded once: the same content again is a re-send; other content is a correction's job.
      return (
        checkIdempotencyKey<DemographicsEvent>(
          state,
          DEMOGRAPHICS_KEY,
          data,
          'DEMOGRAPHICS_ALREADY_RECORDED',
        ) ?? accept({ type: 'DemographicsRecorded', data })
      );
    }
    case 'CorrectDemographics': {
      const { correctionId, reason, ...fields } = command.data;
      const current = state.demographics;
      if (!current)
        return refuse('DEMOGRAPHICS_NOT_RECORDED', 'Demographics are recorded before they are corrected.');
      const given = canonicalDemographics(fields, todayOf(context));
      if ('invalid' in given) return invalid(given.invalid);
      const data = { ...given.value, correctionId, reason, correctedBy: context.actorId };
      const replay = checkIdempotencyKey<DemographicsEvent>(
        state,
        `demographics-correction:${correctionId}`,
        data,
        'DEMOGRAPHICS_CORRECTION_ID_REUSED',
      );
      if (replay) return replay;
      const named = fieldsOf(given.value);
      if (named.length === 0)
        return refuse('DEMOGRAPHICS_CORRECTION_EMPTY', 'A correction names at least one field.');
      const unchanged = named.filter(
        (field) => fingerprintOf({ v: given.value[field] }) === fingerprintOf({ v: current[field] }),
      );
      if (unchanged.length === named.length) {
        return refuse('DEMOGRAPHICS_UNCHANGED', 'The correction changes nothing recorded.', {
          fields: unchanged,
        });
      }
      return accept({ type: 'DemographicsCorrected', data });
    }
  }
}

export function evolveDemographics(state: EnrolledPatient, event: DemographicsEvent): EnrolledPatient {
  switch (event.type) {
    case 'DemographicsRecorded': {
      const { recordedBy: _by, ...demographics } = event.data;
      return {
        ...state,
        // A recorded date of birth supersedes the one given at enrolment.
        dateOfBirth: demographics.dateOfBirth,
        demographics: {
          ...demographics,
          recordedAtRevision: state.version,
          atRevision: state.version,
          corrections: 0,
        },
        idempotencyKeys: rememberIdempotencyKey(state, DEMOGRAPHICS_KEY, event.data),
      };
    }
    case 'DemographicsCorrected': {
      const current = state.demographics;
      if (!current) return state;
      const { correctionId, reason: _reason, correctedBy: _by, ...fields } = event.data;
      return {
        ...state,
        dateOfBirth: fields.dateOfBirth ?? state.dateOfBirth,
        demographics: {
          ...current,
          ...fields,
          atRevision: state.version,
          corrections: current.corrections + 1,
        },
        idempotencyKeys: rememberIdempotencyKey(state, `demographics-correction:${correctionId}`, event.data),
      };
    }
  }
}
