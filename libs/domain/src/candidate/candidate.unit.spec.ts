import type { Decision } from '../shared/decision';
import { candidateStreamId, parseCandidateStreamId, parsePatientStreamId } from '../shared/ids';
import {
  decideCandidate,
  foldCandidate,
  type CandidateCommand,
  type CandidateDecisionContext,
} from './candidate';
import {
  initialCandidateState,
  type CandidateEvent,
  type CandidateProfile,
  type IdentifiedCandidate,
} from './candidate.events';

const ACTOR = 'rn-lopez';
const context: CandidateDecisionContext = { nowLocal: '2026-03-31T12:00', actorId: ACTOR };

/** given(history).when(command).then(events) for one candidate's stream. */
function givenCandidate(...history: CandidateEvent[]) {
  const state = foldCandidate(history, initialCandidateState);
  return {
    state,
    when(command: CandidateCommand, at: CandidateDecisionContext = context) {
      const decision: Decision<CandidateEvent> = decideCandidate(command, state, at);
      return {
        then: (...events: CandidateEvent[]) => expect(decision).toEqual({ outcome: 'accepted', events }),
        thenRefuses(code: string, details?: Record<string, unknown>) {
          expect(decision).toMatchObject({ outcome: 'refused', refusal: { code } });
          if (details && decision.outcome === 'refused')
            expect(decision.refusal.details).toEqual(expect.objectContaining(details));
          return decision;
        },
        thenAlreadyApplied: (atRevision: number) =>
          expect(decision).toEqual({ outcome: 'already_applied', atRevision }),
      };
    },
  };
}

const profile = (overrides: Partial<CandidateProfile> = {}): CandidateProfile => ({
  source: 'fhir',
  sourceId: 'ehr-1001',
  name: { given: ['Marguerite'], family: 'Quillfeather' },
  dateOfBirth: '1946-09-14',
  sex: 'female',
  mbi: '1EG4TE5MK73',
  conditions: [{ icd10: 'I10' }, { icd10: 'E11.9', recordedDate: '2024-05-01' }],
  coverages: [{ kind: 'medicare_part_b', start: '2013-09-01' }],
  encounters: [{ date: '2026-01-15', practitionerNpi: '1234567893', kind: 'AMB' }],
  ...overrides,
});
/** The profile as stored: lists in a stable order. */
const stored = (overrides: Partial<CandidateProfile> = {}): CandidateProfile => {
  const p = profile(overrides);
  return { ...p, conditions: [...p.conditions].sort((a, b) => a.icd10.localeCompare(b.icd10)) };
};
const identify = (overrides: Partial<CandidateProfile> = {}): CandidateCommand => ({
  type: 'IdentifyCandidate',
  data: { candidateId: 'c-1', practiceId: 'riverside', profile: profile(overrides) },
});
const identified = (overrides: Partial<CandidateProfile> = {}): CandidateEvent => ({
  type: 'CandidateIdentified',
  data: {
    candidateId: 'c-1',
    practiceId: 'riverside',
    ...stored(overrides),
    identifiedOn: '2026-03-31',
    identifiedBy: ACTOR,
  },
});
const attempt = {
  attemptId: 'or-1',
  attemptedAt: '2026-03-30T14:05',
  channel: 'phone',
  purpose: 'enrolment',
  outcome: 'no_answer',
} as const;
const outreach = (overrides: Partial<typeof attempt> | Record<string, string> = {}): CandidateCommand => ({
  type: 'RecordOutreach',
  data: { ...attempt, ...overrides } as CandidateCommand['data'] & typeof attempt,
});
const attempted = (): CandidateEvent => ({
  type: 'OutreachAttempted',
  data: { ...attempt, recordedBy: ACTOR },
});
const link = (patientId = 'pt-1', patientEnrolled = true, enrolledOn = '2026-03-31'): CandidateCommand => ({
  type: 'LinkEnrolment',
  data: { patientId, enrolledOn, patientEnrolled },
});

describe('candidate', () => {
  it('lives on a stream of its own, which is no patient’s', () => {
    const streamId = candidateStreamId('riverside', 'c-1');
    expect(streamId).toBe('ccm.candidate.riverside.c-1');
    expect(parseCandidateStreamId(streamId)).toEqual({ practiceId: 'riverside', candidateId: 'c-1' });
    expect(parsePatientStreamId(streamId)).toBeUndefined();
    expect(parseCandidateStreamId('ccm.patient.riverside.c-1')).toBeUndefined();
  });

  describe('IdentifyCandidate', () => {
    it('identifies a new candidate from an import, its lists in a stable order', () => {
      givenCandidate().when(identify()).then(identified());
    });

    it('takes the day the panel was drawn, in the past, and refuses one after today', () => {
      const drawn = (identifiedOn: string): CandidateCommand => ({
        type: 'IdentifyCandidate',
        data: { candidateId: 'c-1', practiceId: 'riverside', profile: profile(), identifiedOn },
      });
      const earlier = identified();
      if (earlier.type !== 'CandidateIdentified') throw new Error('fixture');
      givenCandidate()
        .when(drawn('2025-11-03'))
        .then({ ...earlier, data: { ...earlier.data, identifiedOn: '2025-11-03' } });
      givenCandidate()
        .when(drawn('2026-04-01'))
        .thenRefuses('CANDIDATE_INVALID', { fields: ['identifiedOn'] });
      givenCandidate()
        .when(drawn('2026-02-30'))
        .thenRefuses('CANDIDATE_INVALID', { fields: ['identifiedOn'] });
    });

    it('records nothing for the same content again, in any order and any case of the codes', () => {
      givenCandidate(identified())
        .when(identify({ conditions: [{ icd10: 'e119', recordedDate: '2024-05-01' }, { icd10: 'I10' }] }))
        .thenAlreadyApplied(0);
    });

    it('records changed content whole, as an update; the state holds the new profile', () => {
      const spec = givenCandidate(identified());
      const changed = { conditions: [{ icd10: 'J44.9' }], mbi: undefined };
      const { mbi: _dropped, ...withoutMbi } = stored(changed);
      const updated: CandidateEvent = {
        type: 'CandidateUpdated',
        data: { ...withoutMbi, updatedOn: '2026-03-31', updatedBy: ACTOR },
      };
      spec.when(identify(changed)).then(updated);
      const state = foldCandidate([identified(), updated], initialCandidateState) as IdentifiedCandidate;
      expect(state).toMatchObject({ conditions: [{ icd10: 'J44.9' }], updates: 1, profileOn: '2026-03-31' });
      expect(state.mbi).toBeUndefined();
    });

    it('refuses fields the rules refuse, naming them and never their values', () => {
      const refusal = givenCandidate()
        .when(
          identify({
            mbi: '1EG4TE5MK7S',
            dateOfBirth: '2027-01-01',
            conditions: [{ icd10: 'not-a-code' }],
            encounters: [{ date: '2026-01-15', practitionerNpi: '1234567890' }],
            coverages: [{ kind: 'medicare_part_b', start: '2020-01-01', end: '2019-01-01' }],
          }),
        )
        .thenRefuses('CANDIDATE_INVALID', {
          fields: [
            'dateOfBirth',
            'mbi',
            'conditions[0].icd10',
            'coverages[0].end',
            'encounters[0].practitionerNpi',
          ],
        });
      expect(JSON.stringify(refusal)).not.toMatch(/MK7S|2027|not-a-code|1234567890/);
      givenCandidate()
        .when({
          type: 'IdentifyCandidate',
          data: { candidateId: 'bad id', practiceId: 'riverside', profile: profile() },
        })
        .thenRefuses('CANDIDATE_INVALID', { fields: ['candidateId'] });
    });
  });

  describe('RecordOutreach', () => {
    it('records an attempt in the past; the same attempt again is replayed; its id reused is refused', () => {
      givenCandidate(identified()).when(outreach()).then(attempted());
      const spec = givenCandidate(identified(), attempted());
      spec.when(outreach()).thenAlreadyApplied(1);
      spec.when(outreach({ outcome: 'reached' })).thenRefuses('ATTEMPT_ID_REUSED');
      expect((spec.state as IdentifiedCandidate).outreach).toEqual([attempt]);
    });

    it('refuses an attempt after now, a malformed one, and one for no candidate', () => {
      const spec = givenCandidate(identified());
      spec.when(outreach({ attemptedAt: '2026-03-31T12:01' })).thenRefuses('OUTREACH_IN_FUTURE');
      spec
        .when(outreach({ channel: 'pigeon', attemptedAt: '2026-02-30T10:00' }))
        .thenRefuses('OUTREACH_INVALID', { fields: ['attemptedAt', 'channel'] });
      givenCandidate().when(outreach()).thenRefuses('CANDIDATE_NOT_FOUND');
    });
  });

  describe('LinkEnrolment', () => {
    it('links the candidate to an enrolled patient once; the same link again is replayed', () => {
      givenCandidate(identified())
        .when(link())
        .then({
          type: 'CandidateEnrolled',
          data: { patientId: 'pt-1', enrolledOn: '2026-03-31', recordedBy: ACTOR },
        });
      const enrolled: CandidateEvent = {
        type: 'CandidateEnrolled',
        data: { patientId: 'pt-1', enrolledOn: '2026-03-31', recordedBy: ACTOR },
      };
      const spec = givenCandidate(identified(), enrolled);
      spec.when(link()).thenAlreadyApplied(1);
      spec.when(link('pt-2')).thenRefuses('CANDIDATE_ALREADY_ENROLLED');
      expect((spec.state as IdentifiedCandidate).enrolment).toEqual({
        patientId: 'pt-1',
        enrolledOn: '2026-03-31',
      });
    });

    it('refuses a patient that does not exist, a date after today, and a candidate that does not', () => {
      givenCandidate(identified()).when(link('pt-9', false)).thenRefuses('CANDIDATE_PATIENT_NOT_FOUND');
      givenCandidate(identified())
        .when(link('pt-1', true, '2026-04-01'))
        .thenRefuses('ENROLMENT_INVALID', { fields: ['enrolledOn'] });
      givenCandidate().when(link()).thenRefuses('CANDIDATE_NOT_FOUND');
    });
  });
});
