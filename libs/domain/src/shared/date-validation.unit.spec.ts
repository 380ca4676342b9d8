import { givenPatient } from '../testing/decider-spec';
import {
  carePlanCreated,
  consentRecorded,
  createCarePlan,
  patientEnrolled,
  recordConsent,
  recordContact,
  recordInitiatingVisit,
  reviseCarePlan,
  shareCarePlan,
  withdrawConsent,
} from '../testing/fixtures';
import type { PatientCommand } from '../patient/patient';

describe('dates that do not exist are refused, whatever the route (the domain does not rely on the api)', () => {
  const cases: [string, PatientCommand, string][] = [
    ['consent obtained', recordConsent({ obtainedAt: '2026-02-30T10:00' }), 'obtainedAt'],
    ['contact', recordContact({ occurredAt: '2026-03-10T24:10' }), 'occurredAt'],
    ['initiating visit', recordInitiatingVisit({ visitDate: '2026-13-01' }), 'visitDate'],
    ['care plan established', createCarePlan({ establishedOn: '2026-02-29' }), 'establishedOn'],
    [
      'condition resolved',
      { type: 'ResolveCondition', data: { icd10: 'E11.9', resolvedOn: '03/01/2026', reason: 'x' } },
      'resolvedOn',
    ],
    [
      'billing practitioner change',
      { type: 'ChangeBillingPractitioner', data: { to: 'dr-house', effectiveOn: 'soon', reason: 'x' } },
      'effectiveOn',
    ],
  ];
  it.each(cases)('%s', (_name, command, field) => {
    givenPatient(patientEnrolled())
      .when(command)
      .thenRefuses('DATE_INVALID', { fields: [field] });
  });

  it('consent withdrawn on 30 February', () => {
    givenPatient(patientEnrolled(), consentRecorded())
      .when(withdrawConsent({ withdrawnAt: '2026-02-30T10:00' }))
      .thenRefuses('DATE_INVALID', { fields: ['withdrawnAt'] });
  });

  it('care plan revised or shared on a day that does not exist', () => {
    givenPatient(patientEnrolled(), carePlanCreated())
      .when(reviseCarePlan({ revisedOn: '2026-03-32' }))
      .thenRefuses('DATE_INVALID', { fields: ['revisedOn'] });
    givenPatient(patientEnrolled(), carePlanCreated())
      .when(shareCarePlan({ sharedOn: '2026-04-31' }))
      .thenRefuses('DATE_INVALID', { fields: ['sharedOn'] });
  });
});
