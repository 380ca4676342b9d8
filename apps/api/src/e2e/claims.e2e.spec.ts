import { SqliteEventStore } from '@ccm/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReadApi, type ReadApiHarness } from '../read-models/testing/read-api-harness';
import { enrolledPatient, registerPractices, timeEntryBody } from '../testing/fixtures';
import { InterposingStore } from '../testing/interposing-store';

/** CLAIM-4, EXCL-9: a patient-month is submitted once; a later change shows as an amendment. */
describe('claim lock and amendment after submission', () => {
  let api: ReadApiHarness;
  let dir: string;
  /** The api's store, where a test slips another writer's event in between a claim's read and append. */
  let store: InterposingStore;
  const biller = () => `Bearer ${api.token('biller')}`;
  const careManager = () => `Bearer ${api.token('care_manager')}`;

  /** INIT-1: never seen by the billing practitioner, so a qualifying visit; PLAN-3: a copy shared. */
  async function readyForCcm(patientId: string): Promise<void> {
    await enrolledPatient(api, patientId, { carePlan: true });
    await api.http
      .post(`/patients/${patientId}/initiating-visit`)
      .set('Authorization', `Bearer ${api.token('practitioner')}`)
      .send({ visitDate: '2026-02-27', practitionerId: 'dr-adams', visitCode: '99214', ccmDiscussed: true })
      .expect(201);
    await api.http
      .post(`/patients/${patientId}/care-plan/shares`)
      .set('Authorization', careManager())
      .send({ recipient: 'patient', method: 'portal', sharedOn: '2026-03-02' })
      .expect(201);
  }

  async function logTime(patientId: string, entryId: string, serviceDate: string, minutes: number) {
    return api.http
      .post(`/patients/${patientId}/time-entries`)
      .set('Authorization', careManager())
      .send(timeEntryBody(entryId, { serviceDate, minutes }))
      .expect(201);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-claims-'));
    store = new InterposingStore(
      new SqliteEventStore({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 50 }),
    );
    api = await startReadApi({ readModels: 'sqlite', store });
    await registerPractices(api);
    await readyForCcm('pt-claim');
    for (const [entryId, serviceDate, minutes] of [
      ['c1', '2026-03-03', 12],
      ['c2', '2026-03-05', 10],
    ] as const) {
      await api.http
        .post('/patients/pt-claim/time-entries')
        .set('Authorization', careManager())
        .send(timeEntryBody(entryId, { serviceDate, minutes }))
        .expect(201);
    }
    await readyForCcm('pt-short');
    await api.http
      .post('/patients/pt-short/time-entries')
      .set('Authorization', careManager())
      .send(timeEntryBody('s1', { minutes: 5 }))
      .expect(201);
  });
  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('submits a billable month with the decision it was based on, decided from the events', async () => {
    const res = await api.http
      .post('/patients/pt-claim/months/2026-03/claim')
      .set('Authorization', biller())
      .expect(201);
    expect(res.body).toMatchObject({ serviceMonth: '2026-03', codes: [{ code: '99490', units: 1 }] });
    const [claim] = (await api.readPatientStream('pt-claim')).filter((e) => e.type === 'ClaimSubmitted');
    expect(claim.data).toMatchObject({
      serviceMonth: '2026-03',
      billingPractitionerId: 'dr-adams',
      submittedBy: 'biller-user',
      decision: { ruleSet: 'medicare-pfs-2026', codes: [{ code: '99490', units: 1 }] },
    });
  });

  it('refuses to submit the same patient-month twice (409) and only billers may submit (403)', async () => {
    const again = await api.http
      .post('/patients/pt-claim/months/2026-03/claim')
      .set('Authorization', biller())
      .expect(409);
    expect(again.body.reason).toBe('CLAIM_ALREADY_SUBMITTED');
    await api.http
      .post('/patients/pt-claim/months/2026-03/claim')
      .set('Authorization', careManager())
      .expect(403);
  });

  it('refuses a month that bills nothing (422) with its reasons, and a malformed month (400)', async () => {
    const short = await api.http
      .post('/patients/pt-short/months/2026-03/claim')
      .set('Authorization', biller())
      .expect(422);
    expect(short.body).toMatchObject({ reason: 'MONTH_NOT_BILLABLE', details: { status: 'not_billable' } });
    expect(short.body.details.reasons).toContain('TIME_BELOW_THRESHOLD:99490');
    await api.http.post('/patients/pt-short/months/2026-3/claim').set('Authorization', biller()).expect(400);
    expect((await api.readPatientStream('pt-short')).some((e) => e.type === 'ClaimSubmitted')).toBe(false);
  });

  it('accepts a correction after submission and flags the month as amended in the billing job’s output and the month', async () => {
    await api.caughtUp();
    const before = await api.get('/billing/months/2026-03?status=all', 'biller').expect(200);
    const lineBefore = before.body.items.find((l: { patientId: string }) => l.patientId === 'pt-claim');
    expect(lineBefore).toMatchObject({
      status: 'billable',
      amendedAfterSubmission: false,
      claim: { codes: [{ code: '99490', units: 1 }] },
    });
    const monthBefore = await api.get('/patients/pt-claim/months/2026-03', 'biller').expect(200);
    expect(monthBefore.body).toMatchObject({
      amendedAfterSubmission: false,
      claim: { submittedBy: expect.any(String) },
    });

    api.clock.set('2026-03-31T17:30:00Z');
    await api.http
      .post('/patients/pt-claim/time-entries/c2/corrections')
      .set('Authorization', careManager())
      .send({ minutes: 3, reason: 'call was 3 minutes' })
      .expect(201);
    await api.caughtUp();
    const after = await api.get('/billing/months/2026-03?status=all', 'biller').expect(200);
    const lineAfter = after.body.items.find((l: { patientId: string }) => l.patientId === 'pt-claim');
    expect(lineAfter).toMatchObject({
      status: 'not_billable',
      codes: [],
      amendedAfterSubmission: true,
      claim: { codes: [{ code: '99490', units: 1 }] },
    });
    const monthAfter = await api.get('/patients/pt-claim/months/2026-03', 'biller').expect(200);
    expect(monthAfter.body).toMatchObject({
      amendedAfterSubmission: true,
      summary: { codes: [] },
      claim: { codes: [{ code: '99490', units: 1 }] },
    });
  });

  it('CLAIM-4: the audit trail marks the changes recorded after the month’s claim, and only those', async () => {
    await api.caughtUp();
    const trail = await api.get('/patients/pt-claim/audit-trail?limit=100', 'auditor').expect(200);
    const entries = trail.body.items as { type: string; afterClaimOf?: string[] }[];
    const claimAt = entries.findIndex((e) => e.type === 'ClaimSubmitted');
    expect(claimAt).toBeGreaterThan(0);
    expect(entries.slice(0, claimAt + 1).every((e) => e.afterClaimOf === undefined)).toBe(true);
    expect(entries.find((e) => e.type === 'TimeCorrected')).toMatchObject({ afterClaimOf: ['2026-03'] });
  });

  it('DOC-8: replays the record and the month as of an instant, as billed and as now, with the differences', async () => {
    const before = await api
      .get('/patients/pt-claim/history?asOf=2026-03-31T17:15:00Z&month=2026-03', 'auditor')
      .expect(200);
    expect(before.body.record.timeEntries.find((e: { entryId: string }) => e.entryId === 'c2')).toMatchObject(
      { minutes: 10, corrections: 0 },
    );
    expect(before.body.month).toMatchObject({
      asOf: { status: 'billable', codes: [{ code: '99490', units: 1 }] },
      asBilled: { status: 'billable', codes: [{ code: '99490', units: 1 }] },
    });
    const after = await api
      .get('/patients/pt-claim/history?asOf=2026-03-31T17:45:00Z&month=2026-03', 'auditor')
      .expect(200);
    expect(after.body.record.timeEntries.find((e: { entryId: string }) => e.entryId === 'c2')).toMatchObject({
      minutes: 3,
      corrections: 1,
    });
    expect(after.body.month).toMatchObject({
      asOf: { status: 'not_billable', codes: [] },
      asBilled: { codes: [{ code: '99490', units: 1 }] },
      asNow: { status: 'not_billable', codes: [] },
    });
    expect(after.body.month.differences).toEqual(
      expect.arrayContaining(['codes: 99490x1 -> none', 'status: billable -> not_billable']),
    );
    const early = await api
      .get('/patients/pt-claim/history?asOf=2026-01-01T00:00:00Z', 'auditor')
      .expect(404);
    expect(early.body.reason).toBe('PATIENT_NOT_FOUND');
    await api.get('/patients/pt-claim/history?asOf=yesterday', 'auditor').expect(400);
  });
  it('CLAIM-4: decides again when an event lands between its read and its append, and claims that decision', async () => {
    await readyForCcm('pt-race');
    await logTime('pt-race', 'r1', '2026-03-03', 12);
    await logTime('pt-race', 'r2', '2026-03-05', 10);
    // Read at 22 minutes (99490); another writer logs 20 more before the claim reaches the store.
    store.interposeBefore('ClaimSubmitted', async () => {
      await logTime('pt-race', 'r3', '2026-03-20', 20);
    });
    const tried = store.attempts.length;
    const res = await api.http
      .post('/patients/pt-race/months/2026-03/claim')
      .set('Authorization', biller())
      .expect(201);
    const both = [
      { code: '99439', units: 1 },
      { code: '99490', units: 1 },
    ];
    expect(res.body.codes).toEqual(both);
    const claimAttempts = store.attempts.slice(tried).filter((types) => types.includes('ClaimSubmitted'));
    expect(claimAttempts).toHaveLength(2);
    const stream = await api.readPatientStream('pt-race');
    const [logged, claim] = stream.slice(-2);
    expect(logged).toMatchObject({ type: 'TimeLogged', data: { entryId: 'r3' } });
    expect(claim.type).toBe('ClaimSubmitted');
    expect(claim.data).toMatchObject({
      codes: both,
      decision: { codes: both, countedMinutes: { staff: 42 } },
    });
    expect(res.headers.etag).toBe(`"${claim.revision}"`);
    expect(res.body.revision).toBe(Number(claim.revision));
  });

  it('CLAIM-4: with If-Match, answers 409 when the record moved before the append, and appends no claim', async () => {
    await readyForCcm('pt-pinned');
    const read = await logTime('pt-pinned', 'p1', '2026-03-03', 22);
    store.interposeBefore('ClaimSubmitted', async () => {
      await logTime('pt-pinned', 'p2', '2026-03-20', 20);
    });
    const moved = await api.http
      .post('/patients/pt-pinned/months/2026-03/claim')
      .set('Authorization', biller())
      .set('If-Match', read.headers.etag)
      .expect(409);
    expect(moved.body.reason).toBe('REVISION_CONFLICT');
    let stream = await api.readPatientStream('pt-pinned');
    expect(stream.some((e) => e.type === 'ClaimSubmitted')).toBe(false);
    const current = `"${stream[stream.length - 1].revision}"`;
    expect(moved.headers.etag).toBe(current);

    // The same stale revision again: refused before anything is decided.
    const stale = await api.http
      .post('/patients/pt-pinned/months/2026-03/claim')
      .set('Authorization', biller())
      .set('If-Match', read.headers.etag)
      .expect(409);
    expect(stale.body).toMatchObject({
      reason: 'REVISION_CONFLICT',
      details: { currentRevision: Number(current.slice(1, -1)) },
    });

    // On the revision the client now holds: submitted with that revision's decision.
    const submitted = await api.http
      .post('/patients/pt-pinned/months/2026-03/claim')
      .set('Authorization', biller())
      .set('If-Match', current)
      .expect(201);
    expect(submitted.body.codes).toEqual([
      { code: '99439', units: 1 },
      { code: '99490', units: 1 },
    ]);
    stream = await api.readPatientStream('pt-pinned');
    expect(stream.filter((e) => e.type === 'ClaimSubmitted')).toHaveLength(1);
  });
});
