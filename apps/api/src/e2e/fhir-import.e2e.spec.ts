import { candidateStreamPrefix } from '@ccm/domain';
import { DEFAULT_PANEL_IMPORT_LIMIT_BYTES, loadHttpConfig } from '@ccm/runtime';
import { OTHER_PRACTICE_ID, PRACTICE_ID, startApi, type ApiHarness } from '../testing/api-harness';
import { enrolledPatient, registerPractices } from '../testing/fixtures';
import { candidateApi } from '../candidates/testing/candidate-api';
import {
  bundleOf,
  DR_ADAMS_NPI,
  MBI_ELIGIBLE,
  MBI_SPARE,
  panelBundle,
  personEntries,
} from '../candidates/testing/panel-fixtures';

/** The EHR panel as FHIR R4 through the api (docs/eligibility.md): imports, re-imports and every refusal. */
describe('POST /fhir: the candidate panel from a FHIR Bundle', () => {
  let api: ApiHarness;
  const { auth, postFhir, get, issues, candidateEvents, expectNothingRecorded } = candidateApi(() => api);

  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
  });
  afterAll(() => api.close());

  it('imports a FHIR transaction Bundle: one candidate per Patient, a transaction-response entry per entry', async () => {
    const bundle = panelBundle();
    const res = await postFhir(bundle).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/fhir\+json/);
    expect(res.body.type).toBe('transaction-response');
    expect(res.body.entry).toHaveLength(bundle.entry.length);
    expect(res.body.entry[0].response).toMatchObject({
      status: '201 Created',
      location: 'candidates/ehr-1001',
    });
    const candidate = (await get('/candidates/ehr-1001').expect(200)).body;
    expect(candidate).toMatchObject({
      candidateId: 'ehr-1001',
      source: 'fhir',
      sourceId: 'ehr-1001',
      mbi: MBI_ELIGIBLE,
      conditions: [{ icd10: 'E11.9' }, { icd10: 'I10' }],
      coverages: [{ kind: 'medicare_part_b', start: '2013-09-01' }],
      encounters: [{ date: '2026-01-15', practitionerNpi: DR_ADAMS_NPI, kind: 'AMB' }],
      outreach: [],
    });
    const third = (await get('/candidates/5f1c7b7e-2a51-4b6e-9f0d-0d6c1c2f3a10').expect(200)).body;
    expect(third.coverages).toEqual([{ kind: 'medicare_advantage', start: '2013-09-01' }]);
  });

  it('records nothing when the same Bundle comes again, and an update when its content changed', async () => {
    await expectNothingRecorded(async () => {
      const again = await postFhir(panelBundle()).expect(200);
      expect(
        again.body.entry.every((e: { response: { status: string } }) => e.response.status === '200 OK'),
      ).toBe(true);
    });
    const changed = panelBundle();
    changed.entry.push(
      ...personEntries({ id: 'ehr-1002', family: 'Brackenridge', given: 'Osgood', icd10: ['J44.9'] }).slice(
        1,
      ),
    );
    await postFhir(changed).expect(200);
    const events = await api.store.readStream(`${candidateStreamPrefix(PRACTICE_ID)}ehr-1002`, {
      maxCount: 10,
    });
    expect(events.map((e) => e.type)).toEqual(['CandidateIdentified', 'CandidateUpdated']);
  });

  it('refuses an unsupported resource type with 400 naming the entry, and records nothing', async () => {
    await expectNothingRecorded(async () => {
      const entries = personEntries({ id: 'ehr-3001', family: 'Nobody', given: 'Ann', mbi: MBI_SPARE });
      const res = await postFhir(
        bundleOf([
          ...entries,
          { resource: { resourceType: 'Observation', status: 'final', code: { text: 'x' } } },
        ]),
      ).expect(400);
      expect(res.body.resourceType).toBe('OperationOutcome');
      expect(issues(res.body)).toEqual([
        {
          reason: 'RESOURCE_TYPE_UNSUPPORTED',
          expression: [`Bundle.entry[${entries.length}].resource.resourceType`],
        },
      ]);
    });
  });

  it('refuses a resource the FHIR R4 definitions refuse with 400, naming paths and no values', async () => {
    await expectNothingRecorded(async () => {
      const res = await postFhir(
        bundleOf(
          personEntries({ id: 'ehr-3002', family: 'Wrongdate', given: 'Ann', birthDate: '1946-9-14' }),
        ),
      ).expect(400);
      expect(issues(res.body)).toContainEqual({
        reason: 'RESOURCE_INVALID',
        expression: ['Bundle.entry[0].resource.birthDate'],
      });
      expect(JSON.stringify(res.body)).not.toMatch(/1946-9-14|Wrongdate/);
    });
  });

  it('refuses a Condition without a code, and an invalid MBI, with 422', async () => {
    await expectNothingRecorded(async () => {
      const entries = personEntries({ id: 'ehr-3003', family: 'Nocode', given: 'Ann', icd10: ['E11.9'] });
      const condition = entries[1] as { resource: { code?: object } };
      delete condition.resource.code;
      const res = await postFhir(bundleOf(entries)).expect(422);
      expect(issues(res.body)).toEqual([
        { reason: 'CONDITION_WITHOUT_CODE', expression: ['Bundle.entry[1].resource.code'] },
      ]);
      const badMbi = await postFhir(
        bundleOf(personEntries({ id: 'ehr-3004', family: 'Badmbi', given: 'Ann', mbi: '1EG4TE5MK7S' })),
      ).expect(422);
      expect(issues(badMbi.body)).toEqual([
        { reason: 'CANDIDATE_INVALID', expression: ['Bundle.entry[0].resource.identifier'] },
      ]);
      expect(JSON.stringify(badMbi.body)).not.toMatch(/MK7S|1EG4/);
    });
  });

  it('refuses with 409 two Patients with one MBI, and an MBI another candidate holds', async () => {
    await expectNothingRecorded(async () => {
      const twice = await postFhir(
        bundleOf([
          ...personEntries({ id: 'ehr-3005', family: 'Twin', given: 'Ann', mbi: MBI_SPARE }),
          ...personEntries({ id: 'ehr-3006', family: 'Twin', given: 'Bea', mbi: MBI_SPARE }),
        ]),
      ).expect(409);
      expect(issues(twice.body)[0].reason).toBe('CANDIDATE_MBI_DUPLICATE');
      // ehr-1002 is a candidate already; the MBI it now brings is ehr-1001's.
      const held = await postFhir(
        bundleOf([
          ...personEntries({ id: 'ehr-3007', family: 'Fine', given: 'Cal', mbi: MBI_SPARE }),
          ...personEntries({ id: 'ehr-1002', family: 'Taker', given: 'Dee', mbi: MBI_ELIGIBLE }),
        ]),
      ).expect(409);
      expect(issues(held.body)).toEqual([
        { reason: 'CANDIDATE_MBI_HELD', expression: ['Bundle.entry[1].resource.identifier'] },
      ]);
      expect(JSON.stringify(held.body)).not.toContain(MBI_ELIGIBLE);
    });
  });

  it('answers a body over the limit (about 50 MB) with 413 and an OperationOutcome, recording nothing', async () => {
    await expectNothingRecorded(async () => {
      const padding = 'x'.repeat(50 * 1024 * 1024);
      // The harness's api runs with the default limit (CCM_PANEL_IMPORT_LIMIT_BYTES unset).
      expect(padding.length).toBeGreaterThan(DEFAULT_PANEL_IMPORT_LIMIT_BYTES);
      const res = await postFhir(`{"resourceType":"Bundle","type":"transaction","id":"${padding}"}`).expect(
        413,
      );
      expect(res.body.resourceType).toBe('OperationOutcome');
      expect(issues(res.body)[0].reason).toBe('PAYLOAD_TOO_LARGE');
    });
  }, 60_000);

  it('takes its limit from CCM_PANEL_IMPORT_LIMIT_BYTES', async () => {
    const limited = await startApi({
      config: { http: loadHttpConfig({ CCM_PANEL_IMPORT_LIMIT_BYTES: '2048' }) },
    });
    try {
      const body = JSON.stringify(panelBundle());
      expect(body.length).toBeGreaterThan(2048);
      const res = await limited.http
        .post('/fhir')
        .set('Authorization', `Bearer ${limited.token('admin')}`)
        .set('Content-Type', 'application/fhir+json')
        .send(body)
        .expect(413);
      expect(issues(res.body)[0].reason).toBe('PAYLOAD_TOO_LARGE');
    } finally {
      await limited.close();
    }
  });

  it('imports a collection Bundle (another system’s export) into another practice', async () => {
    const res = await postFhir(bundleOf(panelBundle().entry, 'collection'), OTHER_PRACTICE_ID).expect(200);
    expect(res.body.entry[0].response.status).toBe('201 Created');
    expect(await candidateEvents(OTHER_PRACTICE_ID)).toHaveLength(3);
  });

  it('takes the day the panel was drawn (a panel loaded late), never a day after today', async () => {
    const late = bundleOf(
      personEntries({ id: 'ehr-late', family: 'Latecomer', given: 'Ida', icd10: ['I10'] }),
    );
    const post = (query: string) =>
      api.http
        .post(`/fhir${query}`)
        .set('Authorization', auth())
        .set('Content-Type', 'application/fhir+json')
        .send(JSON.stringify(late));
    await expectNothingRecorded(async () => {
      const malformed = await post('?identifiedOn=2026-1-5').expect(400);
      expect(issues(malformed.body)).toEqual([{ reason: 'VALIDATION_FAILED', expression: ['identifiedOn'] }]);
      expect((await post('?identifiedOn=2026-04-01').expect(422)).body.resourceType).toBe('OperationOutcome');
    });
    await post('?identifiedOn=2026-01-05').expect(200);
    const [identified] = await api.store.readStream(`${candidateStreamPrefix(PRACTICE_ID)}ehr-late`, {
      maxCount: 1,
    });
    expect(identified.data).toMatchObject({ identifiedOn: '2026-01-05' });
    expect(identified.metadata.recordedAt).toBe(api.clock.now().toISOString());
  });

  it('imports a patient’s $everything export from one practice as a candidate of another', async () => {
    await enrolledPatient(api, 'pt-exported', { consent: false });
    await api.http
      .post('/patients/pt-exported/demographics')
      .set('Authorization', auth())
      .send({
        name: { given: ['Philippa'], family: 'Exportwell' },
        dateOfBirth: '1944-06-30',
        sex: 'female',
        mbi: MBI_SPARE,
        address: { lines: ['1 Main St'], city: 'Riverside', state: 'CA', postalCode: '92501' },
        phone: '(951) 555-0142',
      })
      .expect(201);
    const exported = await api.http
      .get('/fhir/Patient/pt-exported/$everything')
      .set('Authorization', auth())
      .expect(200);
    const bundle = JSON.parse(exported.text) as { type: string; entry: object[] };
    const res = await postFhir(bundle, OTHER_PRACTICE_ID);
    expect({ status: res.status, issues: res.body.issue }).toMatchObject({ status: 200 });
    expect(res.body.entry).toHaveLength(bundle.entry.length);
    const created = res.body.entry.find(
      (e: { response: { status: string } }) => e.response.status === '201 Created',
    );
    const candidate = await api.http
      .get(`/${created.response.location}`)
      .set('Authorization', `Bearer ${api.token('care_manager', OTHER_PRACTICE_ID)}`)
      .expect(200);
    expect(candidate.body).toMatchObject({ mbi: MBI_SPARE, name: { family: 'Exportwell' } });
    expect(candidate.body.conditions.map((c: { icd10: string }) => c.icd10)).toEqual(['E11.9', 'I10']);
  });
});
