/**
 * The same events, read models in SQLite (one api) and in Redis (another api on the same event store):
 * every read endpoint must answer byte for byte the same.
 */
import {
  startRedisServer,
  type TestRedisServer,
} from '../../../../libs/projections/src/testing/redis-server';
import { OTHER_PRACTICE_ID } from '../testing/api-harness';
import { enrolBody, enrolledPatient, registerPractices, timeEntryBody } from '../testing/fixtures';
import { POSITION_HEADER } from './read-errors';
import { startReadApi, type ReadApiHarness } from './testing/read-api-harness';

describe('read endpoints on SQLite and on Redis', () => {
  let redis: TestRedisServer;
  let sqliteApi: ReadApiHarness;
  let redisApi: ReadApiHarness;

  beforeAll(async () => {
    redis = await startRedisServer();
    sqliteApi = await startReadApi({ readModels: 'sqlite' });
    redisApi = await startReadApi({ readModels: { redisUrl: redis.url }, store: sqliteApi.store });
    const api = sqliteApi;
    const as = (role: 'practitioner' | 'care_manager') => `Bearer ${api.token(role)}`;
    await registerPractices(api);
    for (const id of ['pt-1', 'pt-2', 'pt-3']) await enrolledPatient(api, id, { carePlan: id !== 'pt-3' });
    await enrolledPatient(api, 'pt-4', { consent: false });
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
    const entries: [string, string, string, number][] = [
      ['pt-1', 'a1', '2026-03-03', 25],
      ['pt-1', 'a2', '2026-03-12', 20],
      ['pt-2', 'b1', '2026-03-04', 9],
      ['pt-3', 'c1', '2026-03-05', 30],
      ['pt-1', 'a0', '2026-02-27', 10],
    ];
    for (const [patientId, entryId, serviceDate, minutes] of entries) {
      await api.http
        .post(`/patients/${patientId}/time-entries`)
        .set('Authorization', as('care_manager'))
        .send(timeEntryBody(entryId, { serviceDate, minutes }))
        .expect(201);
    }
    await api.http
      .post('/patients/pt-1/time-entries/a2/void')
      .set('Authorization', as('care_manager'))
      .send({ reason: 'duplicate' })
      .expect(201);
    await api.http
      .post('/patients/pt-2/contacts')
      .set('Authorization', as('care_manager'))
      .send({
        channel: 'phone',
        direction: 'outbound',
        party: 'patient',
        occurredAt: '2026-03-06T09:00',
        outcome: 'no_answer',
        summary: 'No answer',
      })
      .expect(201);
    await api.http
      .post('/patients')
      .set('Authorization', `Bearer ${api.token('admin', OTHER_PRACTICE_ID)}`)
      .send(enrolBody('pt-1'))
      .expect(201);
  }, 60_000);

  afterAll(async () => {
    await redisApi?.stopProjector();
    await sqliteApi?.stopProjector();
    await redisApi?.close();
    await sqliteApi?.close();
    await redis?.close();
  });

  it('answers every read identically, byte for byte', async () => {
    await Promise.all([sqliteApi.caughtUp(), redisApi.caughtUp()]);
    const paths: [string, string?][] = [];
    for (const id of ['pt-1', 'pt-2', 'pt-3', 'pt-4', 'nobody']) {
      paths.push(
        [`/patients/${id}/timeline?limit=2`],
        [`/patients/${id}/timeline?limit=100`],
        [`/patients/${id}/audit-trail?limit=100`],
      );
      for (const month of ['2026-02', '2026-03', '2026-04']) paths.push([`/patients/${id}/months/${month}`]);
    }
    for (const month of ['2026-02', '2026-03']) {
      for (const status of ['billable', 'not-billable', 'all'])
        paths.push([`/billing/months/${month}?status=${status}&limit=2`]);
      paths.push([`/metrics/program?month=${month}`], [`/metrics/funnel?month=${month}&months=2`]);
    }
    paths.push(
      ['/worklist?limit=2'],
      ['/worklist?limit=100'],
      ['/patients/pt-1/timeline', OTHER_PRACTICE_ID],
    );
    let compared = 0;
    for (const [path, practice] of paths) {
      // Follow every page: the cursors of one adapter must work, and answer the same, on the other.
      for (let next: string | null = path; next !== null;) {
        const [fromSqlite, fromRedis] = [
          await sqliteApi.get(next, 'biller', practice),
          await redisApi.get(next, 'biller', practice),
        ];
        expect([next, fromRedis.status, fromRedis.text]).toEqual([next, fromSqlite.status, fromSqlite.text]);
        if (fromSqlite.status === 200) {
          expect(fromSqlite.headers[POSITION_HEADER.toLowerCase()]).toMatch(/^\d+\/\d+$/);
          expect(fromRedis.headers[POSITION_HEADER.toLowerCase()]).toMatch(/^\d+\/\d+$/);
        }
        compared += 1;
        const cursor: unknown = fromSqlite.status === 200 ? fromSqlite.body.nextCursor : null;
        next =
          typeof cursor === 'string'
            ? `${path.split('?')[0]}?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(path.split('?')[1] ?? '')), cursor })}`
            : null;
      }
    }
    expect(compared).toBeGreaterThan(40);
    const billable = await redisApi.get('/billing/months/2026-03?status=billable');
    expect(
      billable.body.items.map((l: { patientId: string; codes: { code: string }[] }) => [
        l.patientId,
        l.codes.map((c) => c.code),
      ]),
    ).toEqual([['pt-1', ['99490', 'G0506']]]);
  });

  it('reports health per adapter', async () => {
    const [fromSqlite, fromRedis] = [
      await sqliteApi.http.get('/health/projections'),
      await redisApi.http.get('/health/projections'),
    ];
    expect([fromSqlite.body.store, fromRedis.body.store]).toEqual(['sqlite', 'redis']);
  });
});
