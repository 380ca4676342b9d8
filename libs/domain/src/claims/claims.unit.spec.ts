import type { PatientCommand, PatientEvent } from '../patient/patient';
import { givenPatient } from '../testing/decider-spec';
import { DR_GREY, patientEnrolled } from '../testing/fixtures';

const submit = (serviceMonth = '2026-02', codes = [{ code: '99490', units: 1 }]): PatientCommand => ({
  type: 'SubmitClaim',
  data: { serviceMonth, billingPractitionerId: DR_GREY.id, codes, decision: { serviceMonth, codes } },
});
const submitted = (serviceMonth = '2026-02'): PatientEvent => ({
  type: 'ClaimSubmitted',
  data: {
    serviceMonth,
    billingPractitionerId: DR_GREY.id,
    codes: [{ code: '99490', units: 1 }],
    decision: { serviceMonth, codes: [{ code: '99490', units: 1 }] },
    submittedBy: 'user-ada',
  },
});

describe('claim lock (CLAIM-4, EXCL-9)', () => {
  it('records a submitted patient-month with the decision it was based on', () => {
    givenPatient(patientEnrolled()).when(submit()).then(submitted());
  });
  it('refuses to submit the same patient-month twice', () => {
    givenPatient(patientEnrolled(), submitted())
      .when(submit())
      .thenRefuses('CLAIM_ALREADY_SUBMITTED', { serviceMonth: '2026-02' });
    givenPatient(patientEnrolled(), submitted()).when(submit('2026-03')).then(submitted('2026-03'));
  });
  it('refuses a month not yet begun, a malformed month, and a decision that bills nothing', () => {
    givenPatient(patientEnrolled()).when(submit('2026-04')).thenRefuses('OCCURS_IN_FUTURE');
    givenPatient(patientEnrolled()).when(submit('2026-2')).thenRefuses('DATE_INVALID');
    givenPatient(patientEnrolled()).when(submit('2026-02', [])).thenRefuses('NOTHING_TO_BILL');
  });
});
