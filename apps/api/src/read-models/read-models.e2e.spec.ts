/**
 * The read endpoints through the real api with the projector embedded: commands go in through the write
 * routes, reads come back from the read models, with their position header, paging, tenancy and roles.
 */
import { USER_ROLES } from '@ccm/domain';
import { OTHER_PRACTICE_ID } from '../testing/api-harness';
import {
  carePlanElements,
  enrolBody,
  enrolledPatient,
  registerPractices,
  timeEntryBody,
} from '../testing/fixtures';
import { POSITION_HEADER } from './read-errors';
import { startReadApi, type ReadApiHarness } from './testing/read-api-harness';

describe('read models over http (embedded projector, SQLite)', () => {
  let api: ReadApiHarness;
  const as = (role: 'practitioner' | 'care_manager') => `Bearer ${api.token(role)}`;

  beforeAll(async () => {
    api = await startReadApi();
    await registerPractices(api);
    await enrolledPatient(api, 'pt-a');
    await enrolledPatient(api, 'pt-b', { consent: false });
    await api.http
      .post('/patients/pt-a/initiating-visit')
      .set('Authorization', as('practitioner'))
      .send({ visitDate: '2026-03-02', practitionerId: 'dr-adams', visitCode: '99214', ccmDiscussed: true })
      .expect(201);
    await api.http
      .post('/patients/pt-a/care-plan')
      .set('Authorization', as('practitioner'))
      .send({ elements: carePlanElements, establishedOn: '2026-03-02' })
      .expect(201);
    await api.http
      .post('/patients/pt-a/care-plan/shares')
      .set('Authorization', as('care_manager'))
      .send({ recipient: 'patient', method: 'portal', sharedOn: '2026-03-02' })
      .expect(201);
    for (const [entryId, serviceDate, minutes] of [
      ['t1', '2026-03-03', 12],
      ['t2', '2026-03-10', 14],
    ] as const) {
      await api.http
        .post('/patients/pt-a/time-entries')
        .set('Authorization', as('care_manager'))
        .send(timeEntryBody(entryId, { serviceDate, minutes }))
        .expect(201);
    }
    await api.http
      .post('/patients/pt-a/time-entries/t2/corrections')
      .set('Authorization', as('care_manager'))
      .send({ minutes: 4, reason: 'entered 14 for 4' })
      .expect(201);
    await api.caughtUp();
  });
  afterAll(() => api?.close());

  it('serves the timeline, paged, with the position it was read at', async () => {
    const first = await api.get('/patients/pt-a/timeline?limit=3').expect(200);
    expect(first.headers[POSITION_HEADER.toLowerCase()]).toMatch(/^\d+\/\d+$/);
    expect(first.body.items.map((e: { type: string }) => e.type)).toEqual([
      'PatientEnrolled',
      'ConsentRecorded',
      'InitiatingVisitRecorded',
    ]);
    const rest = await api
      .get(`/patients/pt-a/timeline?limit=50&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(rest.body.nextCursor).toBeNull();
    expect(rest.body.items.map((e: { type: string }) => e.type)).toEqual([
      'CarePlanCreated',
      'CarePlanShared',
      'TimeLogged',
      'TimeLogged',
      'TimeCorrected',
    ]);
    expect(rest.body.items[4]).toMatchObject({
      what: 'Time entry t2 corrected to 4 min on 2026-03-10 10:00 by rn-lopez: entered 14 for 4',
      who: { actorId: 'rn-lopez', role: 'care_manager' },
      occurredAt: '2026-03-10T10:00',
    });
  });

  it('serves the month: consent, plan, time net of corrections, facts and the billing decision', async () => {
    const res = await api.get('/patients/pt-a/months/2026-03', 'auditor').expect(200);
    expect(res.headers[POSITION_HEADER.toLowerCase()]).toMatch(/^\d+\/\d+$/);
    expect(res.body).toMatchObject({
      patientId: 'pt-a',
      month: '2026-03',
      consent: { status: 'obtained_this_month' },
      carePlan: { status: 'in_force', activityThisMonth: 'established' },
      minutes: {
        total: 16,
        byProgram: { CCM: { clinical_staff: 16, physician_qhp: 0, non_clinical_staff: 0 } },
      },
      billing: { status: 'not_billable' },
    });
    expect(res.body.billing.decision.notBillable).toContainEqual({
      reason: 'TIME_BELOW_THRESHOLD',
      ref: '99490',
      rule: 'TIME-2',
    });
    expect(res.body.billing.assumed).toContain('payer');
  });

  it('serves the billing month by status for billing jobs, and the worklist and metrics', async () => {
    const all = await api.get('/billing/months/2026-03?status=all&limit=1').expect(200);
    expect(all.body.items.map((l: { patientId: string }) => l.patientId)).toEqual(['pt-a']);
    // Sent as the read model's text, with the header of any serialised answer.
    expect(all.headers['content-type']).toBe('application/json; charset=utf-8');
    const threshold = await api.get('/billing/months/2026-03?status=all&limit=1&dateOfService=threshold');
    expect(threshold.headers['content-type']).toBe(all.headers['content-type']);
    const next = await api
      .get(`/billing/months/2026-03?status=all&limit=1&cursor=${all.body.nextCursor}`)
      .expect(200);
    expect(next.body.items.map((l: { patientId: string }) => l.patientId)).toEqual(['pt-b']);
    expect((await api.get('/billing/months/2026-03?status=billable').expect(200)).body.items).toEqual([]);
    const worklist = await api.get('/worklist', 'care_manager').expect(200);
    expect(worklist.body).toMatchObject({ month: '2026-03', daysLeft: 1 });
    expect(worklist.body.items).toEqual([
      expect.objectContaining({
        patientId: 'pt-a',
        countedStaffMinutes: 16,
        minutesMissing: 4,
        nextCode: '99490',
      }),
    ]);
    const metrics = await api.get('/metrics/program?month=2026-03').expect(200);
    expect(metrics.body).toMatchObject({
      month: '2026-03',
      enrolled: 2,
      consented: 1,
      active: 1,
      billable: 0,
    });
    expect((await api.get('/metrics/program').expect(200)).body.month).toBe('2026-03');
    const team = await api.get('/metrics/team?month=2026-03').expect(200);
    expect(team.body).toMatchObject({
      month: '2026-03',
      staff: [expect.objectContaining({ staffId: 'rn-lopez', minutes: 16, patients: 1 })],
      totals: { minutes: 16 },
    });
    expect((await api.get('/metrics/team').expect(200)).body.month).toBe('2026-03');
  });

  it("serves the month as a file for claims, in the CLI export's columns", async () => {
    const csv = await api.get('/billing/months/2026-03/export', 'biller').expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="billing-2026-03.csv"');
    const [header, ...rows] = csv.text.trim().split('\n');
    expect(header.split(',')).toEqual([
      'patientId',
      'serviceMonth',
      'status',
      'billingPractitionerId',
      'billingPractitionerNpi',
      'codes',
      'diagnosisCodes',
      'dateOfService',
      'estimatedAllowedCents',
      'submitted',
      'amendedAfterSubmission',
      'reasons',
    ]);
    expect(rows.map((r) => r.split(',')[0])).toEqual(['pt-a', 'pt-b']);
    const json = await api.get('/billing/months/2026-03/export?format=json', 'biller').expect(200);
    expect(json.body.map((r: { patientId: string }) => r.patientId)).toEqual(['pt-a', 'pt-b']);
    const bad = await api.get('/billing/months/2026-03/export?format=xlsx', 'biller').expect(400);
    expect(bad.body.fields).toEqual([{ field: 'format', errors: ['must be csv or json'] }]);
    const early = await api.get('/billing/months/1999-01/export', 'biller').expect(422);
    expect(early.body.reason).toBe('NO_BILLING_RULE_SET');
  });

  it('serves the audit trail with links from corrections to what they change', async () => {
    const res = await api.get('/patients/pt-a/audit-trail?limit=100', 'auditor').expect(200);
    const correction = res.body.items.find((e: { type: string }) => e.type === 'TimeCorrected');
    expect(correction.links).toEqual([
      expect.objectContaining({
        relation: 'corrects',
        id: 't2',
        before: { minutes: 14, serviceDate: '2026-03-10', startTime: '10:00' },
      }),
    ]);
  });

  it('shows how late care was documented: a patient moved from another system, enrolled and attested before', async () => {
    const earlier = { attestedOn: '2026-02-19' };
    const body = enrolBody('pt-moved');
    await api.http
      .post('/patients')
      .set('Authorization', `Bearer ${api.token('admin')}`)
      .send({
        ...body,
        enrolledOn: '2026-02-19',
        conditions: body.conditions.map((c) => ({ ...c, ...earlier })),
      })
      .expect(201);
    await api.http
      .post('/patients/pt-moved/conditions')
      .set('Authorization', as('practitioner'))
      .send({ ...body.conditions[0], icd10: 'I50.9', description: 'Heart failure', attestedOn: '2026-03-01' })
      .expect(201);
    await api.caughtUp();
    const res = await api.get('/patients/pt-moved/audit-trail?limit=100', 'auditor').expect(200);
    const lateness = res.body.items.map(
      (e: { type: string; occurredAt: string; recordedAfterDays: number }) => [
        e.type,
        e.occurredAt,
        e.recordedAfterDays,
      ],
    );
    // Recorded on 31 March (practice time): 40 and 30 days after the facts.
    expect(lateness).toEqual([
      ['PatientEnrolled', '2026-02-19T00:00', 40],
      ['ConditionAdded', '2026-03-01T00:00', 30],
    ]);
  });

  it('answers 404 for an unknown patient and for another practice’s patient, alike', async () => {
    for (const path of [
      '/patients/nobody/timeline',
      '/patients/nobody/audit-trail',
      '/patients/nobody/months/2026-03',
    ]) {
      const res = await api.get(path).expect(404);
      expect(res.headers[POSITION_HEADER.toLowerCase()]).toMatch(/^\d+\/\d+$/);
      expect(res.body).toEqual({
        statusCode: 404,
        reason: 'PATIENT_NOT_FOUND',
        message: 'No such patient in this practice.',
      });
    }
    const other = await api.get('/patients/pt-a/timeline', 'biller', OTHER_PRACTICE_ID).expect(404);
    expect(other.body.reason).toBe('PATIENT_NOT_FOUND');
    expect(
      (await api.get('/billing/months/2026-03', 'biller', OTHER_PRACTICE_ID).expect(200)).body.items,
    ).toEqual([]);
    expect((await api.get('/patients/pt-a/months/2026-05').expect(404)).body.reason).toBe('MONTH_NOT_FOUND');
  });

  it('refuses malformed parameters with 400 and no token with 401; every role may read', async () => {
    for (const path of [
      '/patients/pt-a/months/2026-13',
      '/billing/months/March',
      '/billing/months/2026-03?status=paid',
      '/patients/pt-a/timeline?limit=0',
      '/patients/pt-a/timeline?limit=abc',
      '/patients/pt-a/timeline?cursor=bm90LWEtY3Vyc29y',
      '/metrics/program?month=2026-3',
      '/metrics/team?month=26-03',
      '/billing/months/2026-3/export',
    ]) {
      const res = await api.get(path);
      expect([path, res.status, res.body.reason]).toEqual([path, 400, 'VALIDATION_FAILED']);
    }
    await api.http.get('/worklist').expect(401);
    for (const role of USER_ROLES) await api.get('/patients/pt-a/timeline', role).expect(200);
  });

  it('reports projection lag on /health/projections without a token', async () => {
    await api.caughtUp();
    const res = await api.http.get('/health/projections').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', store: 'sqlite', projector: 'embedded' });
    expect(res.body.projections.map((p: { projection: string }) => p.projection)).toEqual([
      'audit-trail',
      'patient-months',
      'care-outcomes',
      'enrolment-funnel',
    ]);
    expect(res.body.projections[0]).toMatchObject({ behind: 0, state: 'live', lastError: null });
  });
});

describe('a billing month page larger than one part of its text', () => {
  let api: ReadApiHarness;

  beforeAll(async () => {
    api = await startReadApi();
    await registerPractices(api);
    for (let i = 0; i < 80; i++) await enrolledPatient(api, `pt-${String(i).padStart(2, '0')}`);
    await api.caughtUp();
  });
  afterAll(() => api?.close());

  it('is sent whole, as JSON.stringify writes it, with its length and position', async () => {
    const res = await api.get('/billing/months/2026-03?status=all&limit=1000').expect(200);
    expect(res.body.items).toHaveLength(80);
    // Large enough to go out in several parts (PART_CHARS), which must add up to the one text.
    expect(res.text.length).toBeGreaterThan(40_000);
    expect(res.text).toBe(JSON.stringify(res.body));
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers[POSITION_HEADER.toLowerCase()]).toMatch(/^\d+\/\d+$/);
  });
});
