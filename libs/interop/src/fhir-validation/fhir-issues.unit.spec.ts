import { fhirErrorsOf, fhirIssuesOf } from './fhir-issues';

describe('fhirIssuesOf (FHIR R4 base definitions)', () => {
  it('finds nothing wrong with a conformant Patient', () => {
    const patient = { resourceType: 'Patient', id: 'p-1', birthDate: '1948-05-02', gender: 'female' };
    expect(fhirIssuesOf(patient)).toEqual([]);
  });

  it('names the element whose primitive format is wrong', () => {
    const issues = fhirIssuesOf({ resourceType: 'Patient', id: 'p-1', birthDate: '1948-5-2' });
    expect(issues.map((issue) => issue.path)).toContain('Patient.birthDate');
    expect(issues.every((issue) => issue.severity === 'error')).toBe(true);
  });

  it('reports missing required elements and broken invariants', () => {
    const paths = fhirErrorsOf({ resourceType: 'Consent', id: 'c-1', status: 'active' }).map(
      (issue) => issue.path,
    );
    expect(paths).toEqual(expect.arrayContaining(['Consent.scope', 'Consent.category']));
  });

  it('reports an element the base definitions do not know, inside a Bundle entry too', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          fullUrl: 'urn:uuid:0b0c3d1e-9f1a-4c38-a7c5-7b6f0f1f8f10',
          resource: { resourceType: 'Patient', nickname: 'x' },
        },
      ],
    };
    expect(fhirIssuesOf(bundle).map((issue) => issue.path)).toEqual(['Bundle.entry[0].resource.nickname']);
  });

  it('refuses something that is not a resource at all', () => {
    expect(fhirIssuesOf('Patient')).toEqual([
      { path: 'resourceType', message: 'Missing resourceType', severity: 'error' },
    ]);
    expect(fhirIssuesOf({ id: 'x' })[0].path).toBe('resourceType');
  });
});
