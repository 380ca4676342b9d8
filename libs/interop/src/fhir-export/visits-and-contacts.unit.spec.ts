import { fhirErrorsOf } from '../fhir-validation';
import { enrolled, record, stream } from './export-fixtures';
import { SYSTEMS, type FhirResource } from './fhir-resource';
import { patientResources } from './patient-bundle';

const ofType = (resources: readonly FhirResource[], type: string) =>
  resources.filter((r) => r.resourceType === type);
const expectValid = (resources: readonly FhirResource[]) =>
  expect(resources.flatMap((r) => fhirErrorsOf(r).map((issue) => `${issue.path}: ${issue.message}`))).toEqual(
    [],
  );

describe('FHIR export of contacts and visits: given events, then resources', () => {
  it('Communication and Encounter: each contact; the initiating visit, ED visits and stays', () => {
    const resources = patientResources(
      record(
        stream(
          enrolled,
          {
            type: 'ContactRecorded',
            data: {
              contactId: 'k-1',
              channel: 'phone',
              direction: 'outbound',
              party: 'patient',
              occurredAt: '2026-03-05T14:00',
              outcome: 'no_answer',
              summary: 'Left no message',
              recordedBy: 'rn-lopez',
            },
          },
          {
            type: 'InitiatingVisitRecorded',
            data: {
              visitId: 'v-1',
              visitDate: '2026-02-25',
              practitionerId: 'dr-adams',
              visitCode: 'G0438',
              ccmDiscussed: true,
              extensiveAssessmentAndCarePlanning: false,
            },
          },
          {
            type: 'EmergencyVisitRecorded',
            data: {
              visitId: 'ed-1',
              visitDate: '2026-03-06',
              facility: 'Mercy ED',
              reasonCode: 'R07.9',
              recordedBy: 'rn-lopez',
            },
          },
          {
            type: 'InpatientStayRecorded',
            data: {
              stayId: 's-1',
              stayType: 'acute_hospital_inpatient',
              admit: '2026-03-07',
              discharge: null,
            },
          },
          {
            type: 'InpatientStayRecorded',
            data: {
              stayId: 's-1',
              stayType: 'acute_hospital_inpatient',
              admit: '2026-03-07',
              discharge: '2026-03-10',
            },
          },
          {
            type: 'OtherServiceRecorded',
            data: { serviceId: 'os-1', code: '99214', date: '2026-03-12', practitionerId: 'dr-adams' },
          },
        ),
      ),
    );
    const [contact] = ofType(resources, 'Communication');
    expect(contact).toMatchObject({
      status: 'not-done',
      medium: [{ coding: [{ code: 'PHONE' }] }],
      sent: '2026-03-05T14:00:00-06:00',
    });
    const encounters = ofType(resources, 'Encounter');
    expect(encounters.map((e) => [(e.class as { code: string }).code, e.status])).toEqual([
      ['AMB', 'finished'],
      ['EMER', 'finished'],
      ['IMP', 'finished'],
      ['AMB', 'finished'],
    ]);
    expect(encounters[3].type).toEqual(
      expect.arrayContaining([{ coding: [{ system: SYSTEMS.cpt, code: '99214' }] }]),
    );
    expect(encounters[0].type).toEqual(
      expect.arrayContaining([{ coding: [{ system: SYSTEMS.hcpcs, code: 'G0438' }] }]),
    );
    expect(encounters[2].period).toEqual({ start: '2026-03-07', end: '2026-03-10' });
    expectValid([contact, ...encounters]);
  });
});
