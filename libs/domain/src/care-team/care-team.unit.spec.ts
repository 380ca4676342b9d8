import type { PatientCommand, PatientEvent } from '../patient/patient';
import { foldPatient } from '../patient/patient';
import { givenPatient } from '../testing/decider-spec';
import {
  ACTOR,
  OTHER_ACTOR,
  DR_GREY,
  NP_NINA,
  RN_ADA,
  defaultContext,
  patientEnrolled,
} from '../testing/fixtures';
import { designatedOn } from './care-team.events';

type Designation = { designationId?: string; memberId?: string; effectiveOn?: string; reason?: string };

const designate = (d: Designation = {}): PatientCommand => ({
  type: 'DesignateCareTeamMember',
  data: { designationId: 'd-1', memberId: RN_ADA.id, effectiveOn: '2026-01-05', ...d },
});
const assigned = (d: Designation = {}): PatientEvent => ({
  type: 'DesignatedCareTeamMemberAssigned',
  data: { designationId: 'd-1', memberId: RN_ADA.id, effectiveOn: '2026-01-05', ...d, recordedBy: ACTOR },
});
const changed = (from: string, d: Designation = {}): PatientEvent => ({
  type: 'DesignatedCareTeamMemberChanged',
  data: {
    designationId: 'd-2',
    from,
    memberId: NP_NINA.id,
    effectiveOn: '2026-03-01',
    ...d,
    recordedBy: ACTOR,
  },
});

describe('designated care-team member', () => {
  it('assigns the first designated member, attributed to the acting user', () => {
    givenPatient(patientEnrolled()).when(designate()).then(assigned());
  });

  it('changes the designation from a date, naming the member it replaces', () => {
    givenPatient(patientEnrolled(), assigned())
      .when(designate({ designationId: 'd-2', memberId: NP_NINA.id, effectiveOn: '2026-03-01' }))
      .then(changed(RN_ADA.id));
  });

  it('records a change effective in the past, replacing whoever was designated then', () => {
    givenPatient(patientEnrolled(), assigned(), changed(RN_ADA.id))
      .when(designate({ designationId: 'd-3', memberId: DR_GREY.id, effectiveOn: '2026-02-01', reason: 'x' }))
      .then(
        changed(RN_ADA.id, {
          designationId: 'd-3',
          memberId: DR_GREY.id,
          effectiveOn: '2026-02-01',
          reason: 'x',
        }),
      );
  });

  it('a billing practitioner may be the designated member', () => {
    givenPatient(patientEnrolled())
      .when(designate({ memberId: DR_GREY.id }))
      .then(assigned({ memberId: DR_GREY.id }));
  });

  it('refuses a member who is not on the practice roster', () => {
    givenPatient(patientEnrolled())
      .when(designate({ memberId: 'rn-stranger' }))
      .thenRefuses('CARE_TEAM_MEMBER_NOT_ON_ROSTER', { fields: ['memberId'] });
  });

  it('refuses an effective date before enrolment, after today, or not a date', () => {
    givenPatient(patientEnrolled())
      .when(designate({ effectiveOn: '2026-01-04' }))
      .thenRefuses('EFFECTIVE_BEFORE_ENROLMENT', { fields: ['effectiveOn'] });
    givenPatient(patientEnrolled())
      .when(designate({ effectiveOn: '2026-04-01' }))
      .thenRefuses('OCCURS_IN_FUTURE', { fields: ['effectiveOn'] });
    givenPatient(patientEnrolled())
      .when(designate({ effectiveOn: '2026-02-30' }))
      .thenRefuses('DATE_INVALID', { fields: ['effectiveOn'] });
  });

  it('refuses designating the member already designated on that date', () => {
    givenPatient(patientEnrolled(), assigned())
      .when(designate({ designationId: 'd-2', effectiveOn: '2026-02-01' }))
      .thenRefuses('DESIGNATED_MEMBER_UNCHANGED');
  });

  it('refuses for a patient who is not enrolled', () => {
    givenPatient().when(designate()).thenRefuses('PATIENT_NOT_FOUND');
  });

  describe('the designation id is an idempotency key', () => {
    it('answers a re-send, by anyone, as already applied', () => {
      givenPatient(patientEnrolled(), assigned())
        .when(designate(), { ...defaultContext, actorId: OTHER_ACTOR })
        .thenAlreadyApplied(1);
    });
    it('refuses the same id with different content', () => {
      givenPatient(patientEnrolled(), assigned())
        .when(designate({ memberId: NP_NINA.id }))
        .thenRefuses('DESIGNATION_ID_REUSED', { key: 'designation:d-1' });
    });
  });

  it('evolves: the member designated on a date is the one effective latest on or before it', () => {
    const state = foldPatient([
      patientEnrolled(),
      assigned(),
      changed(RN_ADA.id),
      changed(RN_ADA.id, { designationId: 'd-3', memberId: DR_GREY.id, effectiveOn: '2026-02-01' }),
    ]);
    if (state.status !== 'enrolled') throw new Error('expected an enrolled patient');
    const designations = state.designations ?? [];
    expect(designatedOn(designations, '2026-01-31')?.memberId).toBe(RN_ADA.id);
    expect(designatedOn(designations, '2026-02-15')?.memberId).toBe(DR_GREY.id);
    expect(designatedOn(designations, '2026-03-31')?.memberId).toBe(NP_NINA.id);
    expect(designatedOn(designations, '2026-01-01')).toBeUndefined();
  });
});
