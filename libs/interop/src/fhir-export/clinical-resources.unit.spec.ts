import { fhirErrorsOf } from '../fhir-validation';
import { enrolled, record, stream } from './export-fixtures';
import { SYSTEMS, type FhirResource } from './fhir-resource';
import { patientResources } from './patient-bundle';

const ofType = (resources: readonly FhirResource[], type: string) =>
  resources.filter((r) => r.resourceType === type);
const allDisclosures = {
  availabilityAndScope: true,
  costSharing: true,
  rightToStopEffectiveMonthEnd: true,
  onePractitionerPerMonth: true,
};
const consent = (consentId: string, decision: 'accepted' | 'declined') => ({
  type: 'ConsentRecorded',
  data: {
    consentId,
    program: 'CCM',
    decision,
    method: 'verbal_by_phone',
    obtainedAt: '2026-03-02T10:15',
    obtainedBy: 'dr-adams',
    billingPractitionerId: 'dr-adams',
    disclosures: allDisclosures,
    documentedInRecord: true,
  },
});
const expectValid = (resources: readonly FhirResource[]) =>
  expect(resources.flatMap((r) => fhirErrorsOf(r).map((issue) => `${issue.path}: ${issue.message}`))).toEqual(
    [],
  );

describe('FHIR export of the care record: given events, then resources', () => {
  it('Consent: accepted then withdrawn is inactive to the day it takes effect; declined is rejected; disclosures are provisions', () => {
    const consents = ofType(
      patientResources(
        record(
          stream(enrolled, consent('c-old', 'declined'), consent('c-1', 'accepted'), {
            type: 'ConsentWithdrawn',
            data: {
              consentId: 'c-1',
              program: 'CCM',
              withdrawnAt: '2026-03-20T09:00',
              effectiveEndOfDay: '2026-03-31',
              recordedBy: 'rn-lopez',
            },
          }),
        ),
      ),
      'Consent',
    );
    expect(consents.map((c) => c.status)).toEqual(['rejected', 'inactive']);
    expect(consents[1]).toMatchObject({
      dateTime: '2026-03-02T10:15:00-06:00',
      provision: { type: 'permit', period: { start: '2026-03-02T10:15:00-06:00', end: '2026-03-31' } },
    });
    const provisions = (consents[1].provision as { provision: { code: { coding: { code: string }[] }[] }[] })
      .provision;
    expect(provisions.map((p) => p.code[0].coding[0].code)).toEqual(Object.keys(allDisclosures));
    expectValid(consents);
  });

  it('CarePlan: one per version, the revision’s changes laid over the plan, the older revoked and replaced', () => {
    const elements = {
      problemList: ['Diabetes'],
      measurableGoals: ['A1c under 8%'],
      plannedInterventions: [
        { description: 'Weekly glucose review', responsible: 'rn-lopez' },
        { description: 'Eye exam', responsible: 'Valley Ophthalmology' },
      ],
    };
    const plans = ofType(
      patientResources(
        record(
          stream(
            enrolled,
            {
              type: 'CarePlanCreated',
              data: {
                version: 1,
                planType: 'comprehensive',
                elements,
                authoredBy: 'rn-lopez',
                signedOffBy: 'dr-adams',
                establishedOn: '2026-03-02',
              },
            },
            {
              type: 'CarePlanRevised',
              data: {
                version: 2,
                changes: { measurableGoals: ['A1c under 7.5%'] },
                changeSummary: 'goal',
                substantial: false,
                revisedBy: 'dr-adams',
                signedOffBy: 'dr-adams',
                revisedOn: '2026-03-15',
              },
            },
          ),
        ),
      ),
      'CarePlan',
    );
    expect(plans.map((p) => p.status)).toEqual(['revoked', 'active']);
    expect(plans[1].replaces).toEqual([{ reference: `urn:uuid:${plans[0].id}` }]);
    expect(plans[1]).toMatchObject({ created: '2026-03-15', intent: 'plan' });
    expect(plans[1].note).toEqual(
      expect.arrayContaining([
        { text: 'Measurable goals: A1c under 7.5%' },
        { text: 'Problem list: Diabetes' },
      ]),
    );
    const activities = plans[1].activity as {
      detail: { description: string; performer: { display?: string }[] };
    }[];
    expect(activities.map((a) => a.detail.description)).toEqual(['Weekly glucose review', 'Eye exam']);
    expect(activities[1].detail.performer).toEqual([{ display: 'Valley Ophthalmology' }]);
    expectValid(plans);
  });

  it('Observation: LOINC coded; a correction amends, a void leaves it entered-in-error; RPM device periods in days', () => {
    const resources = patientResources(
      record(
        stream(
          enrolled,
          {
            type: 'ClinicalObservationRecorded',
            data: {
              observationId: 'o-bp',
              measurement: { kind: 'blood_pressure', systolicMmHg: 150, diastolicMmHg: 95 },
              takenAt: '2026-03-03T08:00',
              source: { type: 'staff' },
              recordedBy: 'rn-lopez',
            },
          },
          {
            type: 'ClinicalObservationCorrected',
            data: {
              observationId: 'o-bp',
              measurement: { kind: 'blood_pressure', systolicMmHg: 130, diastolicMmHg: 85 },
              takenAt: '2026-03-03T08:00',
              reason: 'typo',
              correctedBy: 'rn-lopez',
            },
          },
          {
            type: 'ClinicalObservationRecorded',
            data: {
              observationId: 'o-a1c',
              measurement: { kind: 'a1c', a1cPercent: 8.1 },
              takenAt: '2026-03-04T09:00',
              source: { type: 'imported', system: 'ehr' },
              recordedBy: 'rn-lopez',
            },
          },
          {
            type: 'ClinicalObservationVoided',
            data: { observationId: 'o-a1c', reason: 'wrong patient', voidedBy: 'rn-lopez' },
          },
          {
            type: 'RpmDevicePeriodRecorded',
            data: {
              periodId: 'p-1',
              start: '2026-03-01',
              end: '2026-03-30',
              daysWithTransmittedData: 12,
              recordedBy: 'rn-lopez',
            },
          },
          {
            type: 'RpmDevicePeriodRecorded',
            data: {
              periodId: 'p-1',
              start: '2026-03-01',
              end: '2026-03-30',
              daysWithTransmittedData: 17,
              recordedBy: 'rn-lopez',
            },
          },
        ),
      ),
    );
    const [bp, a1c, rpm, ...rest] = ofType(resources, 'Observation');
    expect(rest).toEqual([]);
    expect(bp).toMatchObject({
      status: 'amended',
      code: { coding: [{ system: SYSTEMS.loinc, code: '85354-9' }] },
      effectiveDateTime: '2026-03-03T08:00:00-06:00',
    });
    expect(bp.component).toEqual([
      expect.objectContaining({
        code: expect.objectContaining({ coding: [expect.objectContaining({ code: '8480-6' })] }),
        valueQuantity: expect.objectContaining({ value: 130, code: 'mm[Hg]' }),
      }),
      expect.objectContaining({
        code: expect.objectContaining({ coding: [expect.objectContaining({ code: '8462-4' })] }),
        valueQuantity: expect.objectContaining({ value: 85 }),
      }),
    ]);
    expect(a1c).toMatchObject({
      status: 'entered-in-error',
      code: { coding: [{ code: '4548-4' }] },
      valueQuantity: { value: 8.1, code: '%' },
    });
    expect(rpm).toMatchObject({
      status: 'amended',
      effectivePeriod: { start: '2026-03-01', end: '2026-03-30' },
      valueQuantity: { value: 17, code: 'd' },
    });
    expectValid([bp, a1c, rpm]);
  });
});
