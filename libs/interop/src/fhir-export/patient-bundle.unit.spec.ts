import { fhirErrorsOf } from '../fhir-validation';
import { enrolled, PATIENT_ID, record, stream } from './export-fixtures';
import { SYSTEMS, type FhirResource } from './fhir-resource';
import { everythingBundle, patientResources, searchBundle } from './patient-bundle';

const NOW = new Date('2026-03-31T17:00:00Z');
const ofType = (resources: readonly FhirResource[], type: string) =>
  resources.filter((r) => r.resourceType === type);
const only = (resources: readonly FhirResource[], type: string) => {
  const found = ofType(resources, type);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('FHIR export: given the events of a record, then these resources', () => {
  it('Patient: the demographics with their corrections applied, over the enrolment’s date of birth', () => {
    const resources = patientResources(
      record(
        stream(
          enrolled,
          {
            type: 'DemographicsRecorded',
            data: {
              name: { given: ['Maria', 'Elena'], family: 'Okafor' },
              dateOfBirth: '1946-09-14',
              sex: 'female',
              mbi: '1EG4TE5MK73',
              address: { lines: ['12 Elm St'], city: 'Riverside', state: 'CA', postalCode: '925011234' },
              phone: '9515550142',
              recordedBy: 'rn-lopez',
            },
          },
          {
            type: 'DemographicsCorrected',
            data: { correctionId: 'c1', mbi: '9AC0D12EF34', reason: 'new card', correctedBy: 'rn-lopez' },
          },
        ),
      ),
    );
    const patient = only(resources, 'Patient');
    expect(patient).toMatchObject({
      identifier: [{ value: PATIENT_ID }, { system: SYSTEMS.mbi, value: '9AC0D12EF34' }],
      name: [{ family: 'Okafor', given: ['Maria', 'Elena'] }],
      gender: 'female',
      birthDate: '1946-09-14',
      address: [{ postalCode: '92501-1234', state: 'CA', line: ['12 Elm St'] }],
      telecom: [{ system: 'phone', value: '9515550142' }],
    });
    expect(fhirErrorsOf(patient)).toEqual([]);
  });

  it('Patient without demographics: the enrolment’s date of birth, no MBI', () => {
    const patient = only(patientResources(record(stream(enrolled))), 'Patient');
    expect(patient.birthDate).toBe('1948-05-02');
    expect(JSON.stringify(patient.identifier)).not.toContain(SYSTEMS.mbi);
  });

  it('Condition: ICD-10-CM coded, recorded on attestation, resolved with its abatement date', () => {
    const conditions = ofType(
      patientResources(
        record(
          stream(enrolled, {
            type: 'ConditionResolved',
            data: { icd10: 'I10', resolvedOn: '2026-03-10', reason: 'resolved', resolvedBy: 'dr-adams' },
          }),
        ),
      ),
      'Condition',
    );
    expect(
      conditions.map((c) => [
        (c.code as { coding: { system: string; code: string }[] }).coding[0].code,
        (c.clinicalStatus as { coding: { code: string }[] }).coding[0].code,
      ]),
    ).toEqual([
      ['E11.9', 'active'],
      ['I10', 'resolved'],
    ]);
    expect(conditions[1]).toMatchObject({ recordedDate: '2026-02-20', abatementDateTime: '2026-03-10' });
    expect((conditions[0].code as { coding: { system: string }[] }).coding[0].system).toBe(SYSTEMS.icd10cm);
    expect(conditions[0]).not.toHaveProperty('abatementDateTime');
  });

  it('Provenance: one per event that made a resource, carrying the event’s hash and revision', () => {
    const events = stream(enrolled, {
      type: 'ConditionResolved',
      data: { icd10: 'I10', resolvedOn: '2026-03-10', reason: 'resolved', resolvedBy: 'dr-adams' },
    });
    const resources = patientResources(record(events));
    const provenance = ofType(resources, 'Provenance');
    expect(provenance).toHaveLength(2);
    const recorded = (p: FhirResource) =>
      Object.fromEntries(
        (
          p.extension as { extension: { url: string; valueString?: string; valueInteger?: number }[] }[]
        )[0].extension.map((e) => [e.url, e.valueString ?? e.valueInteger]),
      );
    expect(recorded(provenance[1])).toEqual({
      eventId: events[1].id,
      eventType: 'ConditionResolved',
      streamRevision: 1,
      hash: 'hash-1',
      previousHash: 'hash-0',
    });
    expect(provenance[1]).toMatchObject({
      recorded: '2026-03-03T16:00:00.000Z',
      occurredDateTime: '2026-03-03T10:00:00-06:00',
    });
    const resolvedCondition = ofType(resources, 'Condition')[1];
    expect(provenance[1].target).toEqual([{ reference: `urn:uuid:${resolvedCondition.id}` }]);
  });

  it('the same events give the same ids; every reference resolves inside the Bundle; the Bundle is valid R4', () => {
    const events = stream(enrolled, {
      type: 'ClaimSubmitted',
      data: {
        serviceMonth: '2026-03',
        billingPractitionerId: 'dr-adams',
        codes: [
          { code: '99490', units: 1 },
          { code: '99439', units: 2 },
        ],
        decision: {},
        submittedBy: 'biller-bo',
      },
    });
    const first = everythingBundle(record(events), NOW, 'b-1');
    const second = everythingBundle(record(events), NOW, 'b-2');
    expect(second.entry.map((e) => e.fullUrl)).toEqual(first.entry.map((e) => e.fullUrl));
    const urls = new Set(first.entry.map((e) => e.fullUrl));
    const references = JSON.stringify(first).match(/"reference":"[^"]+"/g) ?? [];
    expect(references.length).toBeGreaterThan(10);
    expect(references.map((r) => r.slice(13, -1)).filter((r) => !urls.has(r))).toEqual([]);
    expect(fhirErrorsOf(first)).toEqual([]);
    expect(first.total).toBe(first.entry.filter((e) => e.search.mode === 'match').length);
    const claim = first.entry.find((e) => e.resource.resourceType === 'Claim')?.resource;
    expect(claim?.item).toEqual([
      expect.objectContaining({
        sequence: 1,
        productOrService: { coding: [{ system: SYSTEMS.cpt, code: '99490' }] },
        quantity: { value: 1 },
      }),
      expect.objectContaining({
        sequence: 2,
        productOrService: { coding: [{ system: SYSTEMS.cpt, code: '99439' }] },
        quantity: { value: 2 },
      }),
    ]);
    expect(claim?.billablePeriod).toEqual({ start: '2026-03-01', end: '2026-03-31' });
    const provider = first.entry.find(
      (e) => e.fullUrl === (claim?.provider as { reference: string }).reference,
    )?.resource;
    expect(provider?.identifier).toEqual(
      expect.arrayContaining([{ system: SYSTEMS.npi, value: '1234567893' }]),
    );
  });

  it('search by type: only that type, as matches, nothing included', () => {
    const bundle = searchBundle(record(stream(enrolled)), 'Condition', NOW, 'b-3');
    expect(bundle.total).toBe(2);
    expect(bundle.entry.map((e) => [e.resource.resourceType, e.search.mode])).toEqual([
      ['Condition', 'match'],
      ['Condition', 'match'],
    ]);
  });

  it('AuditEvent: each logged read of the record, with who, when and why', () => {
    const reads = stream({
      type: 'PatientRecordAccessed',
      actorId: 'aud-kim',
      data: {
        patientId: PATIENT_ID,
        what: 'GET /patients/:id',
        purpose: 'payment',
        channel: 'api',
        requestId: 'r1',
      },
    });
    const audit = only(patientResources(record(stream(enrolled), reads)), 'AuditEvent');
    expect(audit).toMatchObject({
      action: 'R',
      recorded: '2026-03-02T16:00:00.000Z',
      purposeOfEvent: [{ coding: [{ system: SYSTEMS.purposeOfUse, code: 'HPAYMT' }] }],
      source: { site: 'api' },
      entity: [{ description: 'GET /patients/:id' }],
    });
    expect(fhirErrorsOf(audit)).toEqual([]);
  });
});
