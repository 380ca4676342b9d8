import type { PatientCommand, PatientEvent } from '../patient/patient';
import { givenPatient } from '../testing/decider-spec';
import { ACTOR, patientEnrolled } from '../testing/fixtures';

type Data = Extract<PatientCommand, { type: 'RecordAttemptedClaimLines' }>['data'];

const attempt = (overrides: Partial<Data> = {}): PatientCommand => ({
  type: 'RecordAttemptedClaimLines',
  data: { attemptId: 'a-1', serviceMonth: '2026-03', lines: [{ code: '99424', units: 1 }], ...overrides },
});
const attempted = (overrides: Partial<Data> = {}): PatientEvent => ({
  type: 'ClaimLinesAttempted',
  data: {
    attemptId: 'a-1',
    serviceMonth: '2026-03',
    lines: [{ code: '99424', units: 1 }],
    ...overrides,
    recordedBy: ACTOR,
  },
});

describe('attempted claim lines (SEL-6, APCM-8): recorded so billing names the ones it refuses', () => {
  it('records the lines of a month as attempted, codes upper-cased, units only when given', () => {
    givenPatient(patientEnrolled()).when(attempt()).then(attempted());
    givenPatient(patientEnrolled())
      .when(attempt({ lines: [{ code: 'g0570' }, { code: '99490', units: 2 }] }))
      .then(attempted({ lines: [{ code: 'G0570' }, { code: '99490', units: 2 }] }));
  });

  it('the attempt id is the idempotency key: the same lines are already applied, others a conflict', () => {
    const history = [patientEnrolled(), attempted()];
    givenPatient(...history)
      .when(attempt())
      .thenAlreadyApplied(1);
    givenPatient(...history)
      .when(attempt({ lines: [{ code: '99424' }] }))
      .thenRefuses('ATTEMPT_ID_REUSED', { key: 'claim-attempt:a-1' });
    givenPatient(...history)
      .when(attempt({ serviceMonth: '2026-02' }))
      .thenRefuses('ATTEMPT_ID_REUSED');
    // Another attempt for the same month adds its lines.
    givenPatient(...history)
      .when(attempt({ attemptId: 'a-2', lines: [{ code: '99426' }] }))
      .then(attempted({ attemptId: 'a-2', lines: [{ code: '99426' }] }));
  });

  it('refuses codes that are not CPT or HCPCS, naming each line at fault', () => {
    givenPatient(patientEnrolled())
      .when(attempt({ lines: [{ code: '99424' }, { code: '9942' }, { code: 'GG570' }] }))
      .thenRefuses('PROCEDURE_CODE_INVALID', { fields: ['lines.1.code', 'lines.2.code'] });
  });

  it('refuses units outside 1..99, and no lines or more than 20', () => {
    givenPatient(patientEnrolled())
      .when(
        attempt({
          lines: [
            { code: '99424', units: 0 },
            { code: '99425', units: 100 },
            { code: '99426', units: 1.5 },
          ],
        }),
      )
      .thenRefuses('CLAIM_LINES_INVALID', { fields: ['lines.0.units', 'lines.1.units', 'lines.2.units'] });
    givenPatient(patientEnrolled())
      .when(attempt({ lines: [{ code: '99424', units: 99 }] }))
      .then(attempted({ lines: [{ code: '99424', units: 99 }] }));
    givenPatient(patientEnrolled())
      .when(attempt({ lines: [] }))
      .thenRefuses('CLAIM_LINES_INVALID', { fields: ['lines'] });
    givenPatient(patientEnrolled())
      .when(attempt({ lines: Array.from({ length: 21 }, () => ({ code: '99424' })) }))
      .thenRefuses('CLAIM_LINES_INVALID', { fields: ['lines'] });
  });

  it('refuses a month not begun or malformed, and a patient not enrolled', () => {
    givenPatient(patientEnrolled())
      .when(attempt({ serviceMonth: '2026-04' }))
      .thenRefuses('OCCURS_IN_FUTURE', { fields: ['serviceMonth'] });
    givenPatient(patientEnrolled())
      .when(attempt({ serviceMonth: '2026-13' }))
      .thenRefuses('DATE_INVALID', { fields: ['serviceMonth'] });
    givenPatient().when(attempt()).thenRefuses('PATIENT_NOT_FOUND');
  });
});
