import { coverageKindOf } from './coverage-kind';
import type { FhirCoverage } from './fhir-resources';
import { operationOutcomeOf, statusOfProblems } from './import-problem';
import { panelFromBundle } from './panel-from-bundle';

const patient = (id: string, extra: object = {}) => ({
  fullUrl: `urn:uuid:${id}`,
  resource: {
    resourceType: 'Patient',
    id,
    identifier: [{ system: 'http://hl7.org/fhir/sid/us-mbi', value: '1EG4TE5MK73' }],
    name: [
      { use: 'usual', given: ['Nick'], family: 'Name' },
      { use: 'official', given: ['Ann', 'B'], family: 'Example' },
    ],
    gender: 'female',
    birthDate: '1950-01-01',
    ...extra,
  },
});
const condition = (subject: string, code?: object) => ({
  resource: {
    resourceType: 'Condition',
    subject: { reference: subject },
    ...(code ? { code } : {}),
    onsetDateTime: '2020-05-01T10:00:00Z',
  },
});
const icd = (code: string) => ({ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code }] });
const bundle = (...entry: object[]) => ({ resourceType: 'Bundle', type: 'transaction', entry });
const coverage = (fields: Partial<FhirCoverage>): FhirCoverage => ({
  resourceType: 'Coverage',
  status: 'active',
  beneficiary: { reference: 'Patient/p' },
  payor: [{ display: 'Payer' }],
  ...fields,
});

describe('FHIR panel import', () => {
  it('makes each Patient a candidate with the Conditions, Coverages and Encounters referring to it', () => {
    const panel = panelFromBundle(
      bundle(
        patient('p-1'),
        condition('Patient/p-1', icd('E11.9')),
        condition('urn:uuid:p-1', icd('I10')),
        {
          resource: {
            resourceType: 'Coverage',
            status: 'active',
            beneficiary: { reference: 'https://ehr.example/fhir/Patient/p-1' },
            payor: [{ display: 'Medicare Part B' }],
            period: { start: '2015-01-01' },
          },
        },
        {
          resource: {
            resourceType: 'Encounter',
            status: 'finished',
            class: { code: 'AMB' },
            subject: { reference: 'Patient/p-1' },
            period: { start: '2026-01-15T09:00:00-06:00' },
            participant: [
              {
                individual: { identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' } },
              },
            ],
          },
        },
      ),
    );
    expect(panel).toMatchObject({
      items: [
        {
          ref: 'entry[0]',
          proposedCandidateId: 'p-1',
          profile: {
            source: 'fhir',
            sourceId: 'p-1',
            name: { given: ['Ann', 'B'], family: 'Example' },
            mbi: '1EG4TE5MK73',
            conditions: [
              { icd10: 'E11.9', onsetDate: '2020-05-01' },
              { icd10: 'I10', onsetDate: '2020-05-01' },
            ],
            coverages: [{ kind: 'medicare_part_b', start: '2015-01-01' }],
            encounters: [{ date: '2026-01-15', practitionerNpi: '1234567893', kind: 'AMB' }],
          },
        },
      ],
      owners: ['entry[0]', 'entry[0]', 'entry[0]', 'entry[0]', 'entry[0]'],
    });
  });

  it('refuses other resource types (400) before anything else, naming each entry', () => {
    const result = panelFromBundle(
      bundle(
        patient('p-1'),
        { resource: { resourceType: 'Observation' } },
        { resource: { resourceType: 'Claim' } },
      ),
    );
    expect(result).toEqual({
      problems: [
        expect.objectContaining({
          status: 400,
          reason: 'RESOURCE_TYPE_UNSUPPORTED',
          expression: ['Bundle.entry[1].resource.resourceType'],
        }),
        expect.objectContaining({
          status: 400,
          reason: 'RESOURCE_TYPE_UNSUPPORTED',
          expression: ['Bundle.entry[2].resource.resourceType'],
        }),
      ],
    });
    expect(panelFromBundle({ resourceType: 'Bundle', type: 'history' })).toMatchObject({
      problems: [{ reason: 'BUNDLE_TYPE_UNSUPPORTED' }],
    });
    expect(panelFromBundle({ resourceType: 'Patient' })).toMatchObject({
      problems: [{ reason: 'NOT_A_BUNDLE' }],
    });
  });

  it('leaves out of an export what a panel does not hold, reading a referenced Practitioner’s NPI', () => {
    const panel = panelFromBundle({
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        patient('p-1'),
        {
          fullUrl: 'urn:uuid:dr',
          resource: {
            resourceType: 'Practitioner',
            id: 'dr',
            identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }],
          },
        },
        { resource: { resourceType: 'CareTeam', status: 'active' } },
        {
          resource: {
            resourceType: 'Encounter',
            status: 'finished',
            class: { code: 'AMB' },
            subject: { reference: 'Patient/p-1' },
            period: { start: '2026-01-15' },
            participant: [{ individual: { reference: 'Practitioner/dr' } }],
          },
        },
      ],
    });
    expect(panel).toMatchObject({
      items: [{ profile: { encounters: [{ date: '2026-01-15', practitionerNpi: '1234567893' }] } }],
      owners: ['entry[0]', undefined, undefined, 'entry[0]'],
    });
    expect(
      panelFromBundle(bundle(patient('p-1'), { resource: { resourceType: 'CareTeam', status: 'active' } })),
    ).toMatchObject({
      problems: [{ reason: 'RESOURCE_TYPE_UNSUPPORTED' }],
    });
  });

  it('refuses a Condition without a code or without ICD-10-CM, and a reference to no Patient (422)', () => {
    const result = panelFromBundle(
      bundle(
        patient('p-1'),
        condition('Patient/p-1'),
        condition('Patient/p-1', { coding: [{ system: 'http://snomed.info/sct', code: '44054006' }] }),
        condition('Patient/p-2', icd('I10')),
      ),
    );
    expect('problems' in result && result.problems.map((p) => [p.status, p.reason, p.expression[0]])).toEqual(
      [
        [422, 'CONDITION_WITHOUT_CODE', 'Bundle.entry[1].resource.code'],
        [422, 'CONDITION_NOT_ICD10', 'Bundle.entry[2].resource.code.coding'],
        [422, 'REFERENCE_UNRESOLVED', 'Bundle.entry[3].resource.subject'],
      ],
    );
  });

  it('answers the worst status first: a malformed Bundle, then a conflict, then a rule', () => {
    const problem = (status: 400 | 409 | 422) => ({ status, reason: 'R', message: 'm', expression: [] });
    expect(statusOfProblems([problem(422), problem(409)])).toBe(409);
    expect(statusOfProblems([problem(422), problem(400)])).toBe(400);
    expect(operationOutcomeOf([problem(409)]).issue[0]).toMatchObject({
      severity: 'error',
      code: 'conflict',
    });
  });

  it('recognises Medicare Part B and Medicare Advantage from the type, the plan class or the payor', () => {
    const plan = (value: string) => [{ type: { coding: [{ code: 'plan' }] }, value }];
    expect(coverageKindOf(coverage({ class: plan('Part B') }))).toBe('medicare_part_b');
    expect(coverageKindOf(coverage({ payor: [{ display: 'Medicare Part B' }] }))).toBe('medicare_part_b');
    expect(
      coverageKindOf(coverage({ type: { coding: [{ system: 'https://nahdo.org/sopt', code: '111' }] } })),
    ).toBe('medicare_advantage');
    expect(coverageKindOf(coverage({ class: plan('Part C') }))).toBe('medicare_advantage');
    expect(coverageKindOf(coverage({ type: { text: 'Medicare' } }))).toBe('other');
    expect(coverageKindOf(coverage({ payor: [{ display: 'Blue Cross' }] }))).toBe('other');
  });
});
