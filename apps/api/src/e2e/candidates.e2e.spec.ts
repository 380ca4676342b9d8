import { startApi, type ApiHarness } from '../testing/api-harness';
import { enrolledPatient, registerPractices } from '../testing/fixtures';
import { candidateApi } from '../candidates/testing/candidate-api';
import {
  CSV_HEADER,
  DR_ADAMS_NPI,
  MBI_ELIGIBLE,
  panelBundle,
  personEntries,
} from '../candidates/testing/panel-fixtures';

/** Candidates through the api (docs/eligibility.md): eligibility, the CSV panel, outreach and enrolment. */
describe('candidates: eligibility, CSV panel, outreach and enrolment', () => {
  let api: ApiHarness;
  const { auth, postFhir, postCsv, get, expectNothingRecorded } = candidateApi(() => api);

  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    // The panel of fhir-import.e2e.spec.ts, then ehr-1002 seen again with COPD as well as diabetes.
    await postFhir(panelBundle()).expect(200);
    const changed = panelBundle();
    changed.entry.push(
      ...personEntries({ id: 'ehr-1002', family: 'Brackenridge', given: 'Osgood', icd10: ['J44.9'] }).slice(
        1,
      ),
    );
    await postFhir(changed).expect(200);
  });
  afterAll(() => api.close());

  it('lists eligibility as of a date with every criterion, filtered and paged', async () => {
    const all = (await get('/candidates/eligibility?asOf=2026-03-31').expect(200)).body;
    const byId = new Map(all.items.map((c: { candidateId: string }) => [c.candidateId, c]));
    expect(byId.get('ehr-1001')).toMatchObject({ eligible: true });
    // ehr-1002 now has diabetes and COPD: two categories.
    expect(byId.get('ehr-1002')).toMatchObject({ eligible: true });
    const advantage = byId.get('5f1c7b7e-2a51-4b6e-9f0d-0d6c1c2f3a10') as {
      eligible: boolean;
      reasons: object[];
    };
    expect(advantage.eligible).toBe(false);
    expect(advantage.reasons).toContainEqual(
      expect.objectContaining({ criterion: 'medicare_part_b', met: false }),
    );
    const notEligible = (await get('/candidates/eligibility?asOf=2026-03-31&eligible=false').expect(200))
      .body;
    expect(notEligible.items.map((c: { candidateId: string }) => c.candidateId)).toEqual([
      '5f1c7b7e-2a51-4b6e-9f0d-0d6c1c2f3a10',
    ]);
    // A year on, the visits are too old.
    const later = (await get('/candidates/eligibility?asOf=2027-03-01&eligible=true').expect(200)).body;
    expect(later.items).toEqual([]);
    const first = (await get('/candidates/eligibility?asOf=2026-03-31&limit=2').expect(200)).body;
    expect(first.items).toHaveLength(2);
    const rest = (
      await get(`/candidates/eligibility?asOf=2026-03-31&limit=2&cursor=${first.nextCursor}`).expect(200)
    ).body;
    expect([...first.items, ...rest.items].map((c: { candidateId: string }) => c.candidateId)).toEqual(
      all.items.map((c: { candidateId: string }) => c.candidateId),
    );
    expect(rest.nextCursor).toBeNull();
    await get('/candidates/eligibility?asOf=2026-02-30').expect(400);
  });

  it('imports a CSV panel, refusing a panel with faulty fields by row and column, all or nothing', async () => {
    const good = `${CSV_HEADER}\ncsv-1,Ida May,Fairweather,1944-02-11,female,,E11.9;I10,medicare_part_b,2009-02-01,,2026-03-10,${DR_ADAMS_NPI}\n`;
    await expectNothingRecorded(async () => {
      const bad = `${good}csv-2,Jo,Smith,1950-13-01,female,1EG4TE5MK7S,E11.9;XYZ,medicare_part_b,,,2026-03-10,1234567890\n`;
      const res = await postCsv(bad).expect(400);
      expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
        'rows[3].date_of_birth',
        'rows[3].icd10_codes',
        'rows[3].last_visit_npi',
        'rows[3].mbi',
      ]);
      expect(JSON.stringify(res.body)).not.toMatch(/MK7S|Smith/);
      const header = await postCsv('id,name\n1,x\n').expect(400);
      expect(header.body.fields[0].field).toBe('header');
      const held = `${good}csv-3,Jo,Smith,1950-01-01,female,${MBI_ELIGIBLE},E11.9,,,,,\n`;
      expect((await postCsv(held).expect(409)).body).toMatchObject({
        reason: 'CANDIDATE_MBI_HELD',
        fields: [{ field: 'rows[3].mbi' }],
      });
    });
    const res = await postCsv(good).expect(200);
    expect(res.body.candidates).toEqual([{ row: 2, candidateId: 'csv-1', outcome: 'created', revision: 0 }]);
    const eligibility = (await get('/candidates/eligibility?asOf=2026-03-31&eligible=true').expect(200)).body;
    expect(eligibility.items.map((c: { candidateId: string }) => c.candidateId)).toContain('csv-1');
  });

  it('records outreach attempts: a re-send is replayed, a future attempt and an unknown candidate refused', async () => {
    const attempt = {
      attemptId: 'or-1',
      attemptedAt: '2026-03-30T14:05',
      channel: 'phone',
      purpose: 'enrolment',
      outcome: 'left_message',
    };
    const post = (id: string, body: object) =>
      api.http
        .post(`/candidates/${id}/outreach`)
        .set('Authorization', auth('care_manager' as 'admin'))
        .send(body);
    const first = await post('ehr-1001', attempt).expect(201);
    expect(first.body).toMatchObject({ attemptId: 'or-1' });
    const again = await post('ehr-1001', attempt).expect(201);
    expect(again.headers['x-ccm-replayed']).toBe('true');
    await post('ehr-1001', { ...attempt, outcome: 'reached' }).expect(409);
    await expectNothingRecorded(async () => {
      await post('ehr-1001', { ...attempt, attemptId: 'or-2', attemptedAt: '2026-04-02T09:00' }).expect(422);
      await post('nobody', { ...attempt, attemptId: 'or-3' }).expect(404);
      const bad = await post('ehr-1001', { ...attempt, channel: 'pigeon' }).expect(400);
      expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['channel']);
    });
    const candidate = (await get('/candidates/ehr-1001').expect(200)).body;
    expect(candidate.outreach).toEqual([
      {
        attemptId: 'or-1',
        attemptedAt: '2026-03-30T14:05',
        channel: 'phone',
        purpose: 'enrolment',
        outcome: 'left_message',
      },
    ]);
  });

  it('links a candidate to the patient it was enrolled as; refuses an unknown patient and a second patient', async () => {
    const link = (patientId: string) =>
      api.http
        .post('/candidates/ehr-1001/enrolment')
        .set('Authorization', auth())
        .send({ patientId, enrolledOn: '2026-03-31' });
    await expectNothingRecorded(async () => {
      expect((await link('pt-nobody').expect(422)).body.reason).toBe('CANDIDATE_PATIENT_NOT_FOUND');
    });
    await enrolledPatient(api, 'pt-cand-1', { consent: false });
    await enrolledPatient(api, 'pt-cand-2', { consent: false });
    await link('pt-cand-1').expect(201);
    await link('pt-cand-1').expect(201);
    await expectNothingRecorded(async () => {
      expect((await link('pt-cand-2').expect(409)).body.reason).toBe('CANDIDATE_ALREADY_ENROLLED');
    });
    const eligibility = (await get('/candidates/eligibility?asOf=2026-03-31').expect(200)).body;
    const linked = eligibility.items.find((c: { candidateId: string }) => c.candidateId === 'ehr-1001');
    expect(linked.enrolled).toEqual({ patientId: 'pt-cand-1', enrolledOn: '2026-03-31' });
  });
});
