/**
 * The enrolment funnel through the api (docs/enrolment-funnel.md). Candidates are appended as raw events
 * of the candidate contract (their routes belong to another slice); patients, consent, its withdrawal and
 * billable time are recorded through the api.
 */
import { practiceAccessStreamId } from '@ccm/audit';
import { appendToChain } from '@ccm/record';
import { carePlanElements, enrolBody, registerPractices, timeEntryBody } from '../testing/fixtures';
import { panelBundle } from '../candidates/testing/panel-fixtures';
import { startApi, type ApiHarness } from '../testing/api-harness';
import { ReadSide } from './read-side';
import { startReadApi, type ReadApiHarness } from './testing/read-api-harness';

describe('GET /metrics/funnel', () => {
  let api: ReadApiHarness;
  const as = (role: 'admin' | 'practitioner' | 'care_manager') => `Bearer ${api.token(role)}`;

  const candidate = (candidateId: string, events: { type: string; data: object }[]) =>
    appendToChain(api.store, `ccm.candidate.riverside.${candidateId}`, events, {
      context: {
        actor: { userId: 'ada', role: 'admin', practiceId: 'riverside' },
        correlationId: `spec-${candidateId}`,
        causationId: `spec-${candidateId}`,
      },
      clock: api.clock,
      timeZone: 'America/Chicago',
    });
  const identified = (candidateId: string, identifiedOn: string) => ({
    type: 'CandidateIdentified',
    data: {
      candidateId,
      practiceId: 'riverside',
      source: 'csv',
      identifiedOn,
      name: { given: ['Nadia'], family: 'Quennell' },
      dateOfBirth: '1947-02-03',
      sex: 'female',
      conditions: [{ icd10: 'E11.9' }, { icd10: 'I10' }],
      coverages: [],
      encounters: [],
      identifiedBy: 'ada',
    },
  });
  const attempt = (attemptId: string, attemptedAt: string, outcome: string) => ({
    type: 'OutreachAttempted',
    data: { attemptId, attemptedAt, channel: 'phone', purpose: 'enrolment', outcome, recordedBy: 'rn-lopez' },
  });
  const linked = (patientId: string, enrolledOn: string) => ({
    type: 'CandidateEnrolled',
    data: { patientId, enrolledOn, recordedBy: 'ada' },
  });
  const enrol = (patientId: string, enrolledOn: string) =>
    api.http
      .post('/patients')
      .set('Authorization', as('admin'))
      .send({ ...enrolBody(patientId), enrolledOn })
      .expect(201);
  const consent = (patientId: string, obtainedAt: string) =>
    api.http
      .post(`/patients/${patientId}/consent`)
      .set('Authorization', as('practitioner'))
      .send({
        method: 'verbal_by_phone',
        obtainedAt,
        obtainedBy: 'dr-adams',
        disclosures: {
          availabilityAndScope: true,
          costSharing: true,
          rightToStopEffectiveMonthEnd: true,
          onePractitionerPerMonth: true,
        },
      })
      .expect(201);

  beforeAll(async () => {
    api = await startReadApi();
    await registerPractices(api);
    // February's cohort: c-1 reached on the second attempt and billed in March, c-2 declined, c-3 not reached.
    await candidate('c-1', [
      identified('c-1', '2026-02-10'),
      attempt('a-1', '2026-02-12T10:00', 'no_answer'),
      attempt('a-2', '2026-02-16T11:30', 'reached'),
    ]);
    await candidate('c-2', [identified('c-2', '2026-02-11'), attempt('a-1', '2026-02-13T09:00', 'declined')]);
    await candidate('c-3', [identified('c-3', '2026-02-20')]);
    // pt-1: enrolled 1 March, consented 2 March (enrolledPatient's consent), care plan, visit and 45 minutes.
    await enrol('pt-1', '2026-03-01');
    await consent('pt-1', '2026-03-02T10:15');
    await api.http
      .post('/patients/pt-1/care-plan')
      .set('Authorization', as('practitioner'))
      .send({ elements: carePlanElements, establishedOn: '2026-03-02' })
      .expect(201);
    await api.http
      .post('/patients/pt-1/initiating-visit')
      .set('Authorization', as('practitioner'))
      .send({
        visitDate: '2026-03-02',
        practitionerId: 'dr-adams',
        visitCode: '99214',
        ccmDiscussed: true,
        extensiveAssessmentAndCarePlanning: true,
      })
      .expect(201);
    await api.http
      .post('/patients/pt-1/care-plan/shares')
      .set('Authorization', as('care_manager'))
      .send({ recipient: 'patient', method: 'portal', sharedOn: '2026-03-02' })
      .expect(201);
    for (const [entryId, serviceDate, minutes] of [
      ['a1', '2026-03-03', 25],
      ['a2', '2026-03-12', 20],
    ] as const) {
      await api.http
        .post('/patients/pt-1/time-entries')
        .set('Authorization', as('care_manager'))
        .send(timeEntryBody(entryId, { serviceDate, minutes }))
        .expect(201);
    }
    await candidate('c-1', [linked('pt-1', '2026-03-01')]);
    // March's cohort: c-4 reached, enrolled, consented, then withdrew.
    await candidate('c-4', [identified('c-4', '2026-03-05'), attempt('a-1', '2026-03-06T14:00', 'reached')]);
    await enrol('pt-4', '2026-03-06');
    await candidate('c-4', [linked('pt-4', '2026-03-06')]);
    await consent('pt-4', '2026-03-09T09:00');
    await api.http
      .post('/patients/pt-4/consent/withdrawal')
      .set('Authorization', as('practitioner'))
      .send({ program: 'CCM', withdrawnAt: '2026-03-20T10:00' })
      .expect(201);
    // pt-9 came to the clinic without any outreach.
    await enrol('pt-9', '2026-03-10');
    await consent('pt-9', '2026-03-10T15:00');
    await api.caughtUp();
  }, 60_000);
  afterAll(() => api.close());

  const stageCounts = (stages: { count: number }[]) => stages.map((s) => s.count);

  it("answers February's cohort: how far each candidate identified then has come by now", async () => {
    const res = await api.get('/metrics/funnel?month=2026-02', 'biller').expect(200);
    expect(res.body.month).toBe('2026-02');
    expect(stageCounts(res.body.cohort.stages)).toEqual([3, 2, 1, 1, 1]);
    expect(res.body.cohort.stages.map((s: { stage: string }) => s.stage)).toEqual([
      'identified',
      'reached',
      'consented',
      'enrolled',
      'firstBillableMonth',
    ]);
    // Reached after 6 and 2 days; consented 14 days after the reach; billable month ends 29 days after.
    expect(
      res.body.cohort.stages.map((s: { medianDaysFromPrevious: number | null }) => s.medianDaysFromPrevious),
    ).toEqual([null, 4, 14, 0, 29]);
    expect(res.body.cohort).toMatchObject({
      declined: 1,
      withdrawn: 0,
      attemptsToReach: { attempts: 3, reached: 2, perReached: 1.5 },
      enteredWithoutOutreach: { entered: 0 },
    });
    expect(res.headers['x-ccm-projection-position']).toMatch(/^\d+\/\d+$/);
  });

  it("answers March's cohort and activity, with the withdrawal and the patient without outreach said apart", async () => {
    const { body } = await api.get('/metrics/funnel?month=2026-03', 'auditor').expect(200);
    expect(stageCounts(body.cohort.stages)).toEqual([1, 1, 1, 1, 0]);
    expect(body.cohort.withdrawn).toBe(1);
    expect(body.cohort.enteredWithoutOutreach).toEqual({
      entered: 1,
      consented: 1,
      enrolled: 1,
      firstBillableMonth: 0,
      withdrawn: 0,
    });
    expect(stageCounts(body.activity.stages)).toEqual([1, 1, 3, 3, 1]);
    expect(body.activity).toMatchObject({
      outreachAttempts: 1,
      declined: 0,
      withdrawn: 1,
      enteredWithoutOutreach: { consented: 1, enrolled: 1, firstBillableMonth: 0 },
    });
    expect(JSON.stringify(body)).not.toMatch(/Quennell|1947|pt-|c-\d/);
  });

  it('answers a trend of months, oldest first, each as the month alone answers it', async () => {
    const trend = await api.get('/metrics/funnel?month=2026-03&months=2').expect(200);
    const march = await api.get('/metrics/funnel?month=2026-03').expect(200);
    expect(trend.body.months.map((m: { month: string }) => m.month)).toEqual(['2026-02', '2026-03']);
    expect(trend.body.months[1]).toEqual(march.body);
  });

  it('logs the read as a practice read, and refuses bad parameters with 400 naming them', async () => {
    await api.get('/metrics/funnel?month=2026-03', 'care_manager').expect(200);
    const reads = await api.store.readStream(practiceAccessStreamId('riverside'), { maxCount: 4096 });
    expect(reads.at(-1)?.data).toMatchObject({ what: 'GET /metrics/funnel', role: 'care_manager' });
    for (const [path, field] of [
      ['/metrics/funnel?month=2026-13', 'month'],
      ['/metrics/funnel?month=2026-03&months=25', 'months'],
      ['/metrics/funnel?months=0', 'months'],
    ]) {
      const res = await api.get(path).expect(400);
      expect([res.body.reason, res.body.fields.map((f: { field: string }) => f.field)]).toEqual([
        'VALIDATION_FAILED',
        [field],
      ]);
    }
    await api.http.get('/metrics/funnel').expect(401);
  });

  it('keeps practices apart', async () => {
    const other = await api.get('/metrics/funnel?month=2026-02', 'biller', 'lakeside').expect(200);
    expect(stageCounts(other.body.cohort.stages)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('GET /metrics/funnel, candidates recorded through the candidate routes', () => {
  // The api as the candidate slice's own specs start it (the FHIR body parser included).
  let api: ApiHarness;
  const auth = (role: 'admin' | 'practitioner' | 'care_manager') => `Bearer ${api.token(role)}`;

  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
  }, 60_000);
  afterAll(() => api.close());

  it('counts the imported panel as identified, and the one reached, enrolled and consented as far as that', async () => {
    const imported = await api.http
      .post('/fhir')
      .set('Authorization', auth('admin'))
      .set('Content-Type', 'application/fhir+json')
      .send(JSON.stringify(panelBundle()))
      .expect(200);
    const created = (imported.body.entry as { response: { status: string; location?: string } }[]).filter(
      (e) => e.response.status === '201 Created' && e.response.location?.startsWith('candidates/'),
    );
    await api.http
      .post('/candidates/ehr-1001/outreach')
      .set('Authorization', auth('care_manager'))
      .send({ attemptedAt: '2026-03-31T09:00', channel: 'phone', purpose: 'enrolment', outcome: 'reached' })
      .expect(201);
    await api.http
      .post('/patients')
      .set('Authorization', auth('admin'))
      .send({ ...enrolBody('pt-c'), enrolledOn: '2026-03-31' })
      .expect(201);
    await api.http
      .post('/candidates/ehr-1001/enrolment')
      .set('Authorization', auth('admin'))
      .send({ patientId: 'pt-c', enrolledOn: '2026-03-31' })
      .expect(201);
    await api.http
      .post('/patients/pt-c/consent')
      .set('Authorization', auth('practitioner'))
      .send({
        method: 'verbal_by_phone',
        obtainedAt: '2026-03-31T10:00',
        obtainedBy: 'dr-adams',
        disclosures: {
          availabilityAndScope: true,
          costSharing: true,
          rightToStopEffectiveMonthEnd: true,
          onePractitionerPerMonth: true,
        },
      })
      .expect(201);
    await api.app.get(ReadSide).projector?.waitUntilCaughtUp(60_000);
    const { body } = await api.http
      .get('/metrics/funnel?month=2026-03')
      .set('Authorization', `Bearer ${api.token('biller')}`)
      .expect(200);
    // Each candidate's entries (patient, conditions, coverage, visits) answer with the candidate's location.
    const candidates = new Set(created.map((e) => e.response.location)).size;
    expect(candidates).toBeGreaterThan(1);
    expect(body.cohort.stages.map((s: { count: number }) => s.count)).toEqual([candidates, 1, 1, 1, 0]);
    expect(body.cohort.enteredWithoutOutreach.entered).toBe(0);
    expect(body.activity.outreachAttempts).toBe(1);
  });
});
