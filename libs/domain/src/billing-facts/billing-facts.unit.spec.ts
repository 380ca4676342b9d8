import type { PatientCommand, PatientEvent } from '../patient/patient';
import { givenPatient } from '../testing/decider-spec';
import { DR_GREY, NP_NINA, patientEnrolled, timeLogged } from '../testing/fixtures';

const stay = (data: Partial<{ stayId: string; admit: string; discharge: string | null }> = {}) => ({
  stayId: 'stay-1',
  stayType: 'acute_hospital_inpatient' as const,
  admit: '2026-03-10',
  discharge: '2026-03-14',
  ...data,
});

describe('facts the billing rules read', () => {
  describe('RecordMedicalDecisionMaking (CODE-3)', () => {
    const command = (
      data: Partial<{ serviceMonth: string; practitionerId: string }> = {},
    ): PatientCommand => ({
      type: 'RecordMedicalDecisionMaking',
      data: { serviceMonth: '2026-03', level: 'moderate', practitionerId: DR_GREY.id, ...data },
    });
    it('records the billing practitioner’s MDM level for a month', () => {
      givenPatient(patientEnrolled())
        .when(command())
        .then({
          type: 'MedicalDecisionMakingRecorded',
          data: { serviceMonth: '2026-03', level: 'moderate', practitionerId: DR_GREY.id },
        });
    });
    it('refuses a month not yet begun, a malformed month, and someone who is not a billing practitioner', () => {
      givenPatient(patientEnrolled())
        .when(command({ serviceMonth: '2026-04' }))
        .thenRefuses('OCCURS_IN_FUTURE');
      givenPatient(patientEnrolled())
        .when(command({ serviceMonth: '2026-3' }))
        .thenRefuses('DATE_INVALID', { fields: ['serviceMonth'] });
      givenPatient(patientEnrolled())
        .when(command({ practitionerId: NP_NINA.id }))
        .thenRefuses('BILLING_PRACTITIONER_NOT_ON_ROSTER');
    });
  });

  describe('RecordPayerCoverage (ELIG-4, PAY-4) and SetTrackPolicy (SEL-4, SEL-5)', () => {
    it('records coverage and a track policy from a month on', () => {
      givenPatient(patientEnrolled())
        .when({
          type: 'RecordPayerCoverage',
          data: { fromMonth: '2026-01', payerType: 'medicare_part_b', qmb: true },
        })
        .then({
          type: 'PayerCoverageRecorded',
          data: { fromMonth: '2026-01', payerType: 'medicare_part_b', qmb: true },
        });
      givenPatient(patientEnrolled())
        .when({
          type: 'SetTrackPolicy',
          data: {
            fromMonth: '2026-03',
            preferred: 'ccm_complex_staff',
            fallback: 'ccm_noncomplex_staff',
            reason: 'complex needs',
          },
        })
        .then({
          type: 'TrackPolicySet',
          data: {
            fromMonth: '2026-03',
            preferred: 'ccm_complex_staff',
            fallback: 'ccm_noncomplex_staff',
            reason: 'complex needs',
          },
        });
    });
    it('refuses a fallback equal to the preferred track, and a malformed month', () => {
      givenPatient(patientEnrolled())
        .when({
          type: 'SetTrackPolicy',
          data: {
            fromMonth: '2026-03',
            preferred: 'ccm_practitioner',
            fallback: 'ccm_practitioner',
            reason: 'x',
          },
        })
        .thenRefuses('TRACK_POLICY_INVALID');
      givenPatient(patientEnrolled())
        .when({
          type: 'RecordPayerCoverage',
          data: { fromMonth: '2026-13', payerType: 'medicare_part_b', qmb: false },
        })
        .thenRefuses('DATE_INVALID', { fields: ['fromMonth'] });
    });
  });

  describe('RecordInpatientStay (TIME-9)', () => {
    const recorded = (data = stay()): PatientEvent => ({ type: 'InpatientStayRecorded', data });
    it('records a stay, and a patient still in (no discharge yet)', () => {
      givenPatient(patientEnrolled()).when({ type: 'RecordInpatientStay', data: stay() }).then(recorded());
      givenPatient(patientEnrolled())
        .when({ type: 'RecordInpatientStay', data: stay({ discharge: null }) })
        .then(recorded(stay({ discharge: null })));
    });
    it('completes an open stay with its discharge; a repeat is already applied; another stay under the same id is refused', () => {
      givenPatient(patientEnrolled(), recorded(stay({ discharge: null })))
        .when({ type: 'RecordInpatientStay', data: stay() })
        .then(recorded());
      givenPatient(patientEnrolled(), recorded())
        .when({ type: 'RecordInpatientStay', data: stay() })
        .thenAlreadyApplied(1);
      givenPatient(patientEnrolled(), recorded())
        .when({ type: 'RecordInpatientStay', data: stay({ admit: '2026-03-01' }) })
        .thenRefuses('STAY_ID_REUSED');
    });
    it('refuses a discharge before admission, a stay in the future, and impossible dates', () => {
      givenPatient(patientEnrolled())
        .when({ type: 'RecordInpatientStay', data: stay({ discharge: '2026-03-01' }) })
        .thenRefuses('STAY_DATES_INVALID');
      givenPatient(patientEnrolled())
        .when({ type: 'RecordInpatientStay', data: stay({ admit: '2026-04-02', discharge: null }) })
        .thenRefuses('OCCURS_IN_FUTURE');
      givenPatient(patientEnrolled())
        .when({ type: 'RecordInpatientStay', data: stay({ admit: '2026-02-30' }) })
        .thenRefuses('DATE_INVALID');
    });
  });

  describe('RecordOtherService (EXCL-1..3) and RecordOtherPractitionerClaim (PRAC-4, EXCL-5)', () => {
    const service = { serviceId: 's-1', code: 'g0181', date: '2026-03-05', practitionerId: DR_GREY.id };
    const claim = {
      claimId: 'r-1',
      practitionerId: 'dr-elsewhere',
      code: '99490',
      serviceMonth: '2026-03',
      status: 'paid',
    };
    it('records them with codes in capitals, idempotent on their ids', () => {
      givenPatient(patientEnrolled())
        .when({ type: 'RecordOtherService', data: service })
        .then({ type: 'OtherServiceRecorded', data: { ...service, code: 'G0181' } });
      givenPatient(patientEnrolled(), { type: 'OtherServiceRecorded', data: { ...service, code: 'G0181' } })
        .when({ type: 'RecordOtherService', data: service })
        .thenAlreadyApplied(1);
      givenPatient(patientEnrolled(), { type: 'OtherServiceRecorded', data: { ...service, code: 'G0181' } })
        .when({ type: 'RecordOtherService', data: { ...service, code: 'G0182' } })
        .thenRefuses('SERVICE_ID_REUSED');
      givenPatient(patientEnrolled())
        .when({ type: 'RecordOtherPractitionerClaim', data: claim })
        .then({ type: 'OtherPractitionerClaimRecorded', data: claim });
      givenPatient(patientEnrolled(), { type: 'OtherPractitionerClaimRecorded', data: claim })
        .when({ type: 'RecordOtherPractitionerClaim', data: { ...claim, status: 'denied' } })
        .thenRefuses('CLAIM_ID_REUSED');
    });
    it('refuses codes that are not CPT or HCPCS', () => {
      givenPatient(patientEnrolled())
        .when({ type: 'RecordOtherService', data: { ...service, code: 'XYZ' } })
        .thenRefuses('PROCEDURE_CODE_INVALID');
    });
  });

  describe('ReallocateTime (TIME-18)', () => {
    it('assigns an unallocated entry to one program; the state follows', () => {
      const spec = givenPatient(patientEnrolled(), timeLogged({ program: ['CCM', 'RPM'] })).when({
        type: 'ReallocateTime',
        data: { entryId: 'entry-1', program: 'CCM', reason: 'call was about the care plan' },
      });
      spec.then({
        type: 'TimeReallocated',
        data: {
          entryId: 'entry-1',
          from: ['CCM', 'RPM'],
          program: 'CCM',
          reason: 'call was about the care plan',
          reallocatedBy: 'user-ada',
        },
      });
    });
    it('refuses a reallocation to the program the entry has, or of an unknown entry', () => {
      givenPatient(patientEnrolled(), timeLogged())
        .when({ type: 'ReallocateTime', data: { entryId: 'entry-1', program: 'CCM', reason: 'x' } })
        .thenRefuses('REALLOCATION_CHANGES_NOTHING');
      givenPatient(patientEnrolled())
        .when({ type: 'ReallocateTime', data: { entryId: 'nope', program: 'CCM', reason: 'x' } })
        .thenRefuses('ENTRY_NOT_FOUND');
    });
  });
});
