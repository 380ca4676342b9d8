/**
 * Read models that are not there are not empty (issue 15): Redis loses everything (FLUSHALL) while
 * readers keep reading. Until the projector has filled the read models again from the event store, every
 * read answers 503 READ_MODEL_REBUILDING with its progress; never a 200 with an empty or partial answer.
 */
import Redis from 'ioredis';
import {
  startRedisServer,
  type TestRedisServer,
} from '../../../../libs/projections/src/testing/redis-server';
import { enrolledPatient, registerPractices, timeEntryBody } from '../testing/fixtures';
import { startReadApi, type ReadApiHarness } from './testing/read-api-harness';

const PATIENTS = 40;
const READERS = 8;

/** Reads whose full answer is known before the flush (access-log events do not change them). */
const READS = [
  '/billing/months/2026-03?status=all&limit=1000',
  '/worklist?limit=1000',
  '/metrics/program?month=2026-03',
  '/patients/pt-07/months/2026-03',
  '/patients/pt-07/timeline',
] as const;

interface Seen {
  readonly path: string;
  readonly status: number;
  readonly body: unknown;
  readonly at: number;
}

describe('read models flushed under load', () => {
  let redis: TestRedisServer;
  let api: ReadApiHarness;
  const expected = new Map<string, unknown>();

  beforeAll(async () => {
    redis = await startRedisServer();
    api = await startReadApi({ readModels: { redisUrl: redis.url } });
    await registerPractices(api);
    for (let i = 1; i <= PATIENTS; i++) {
      const patientId = `pt-${String(i).padStart(2, '0')}`;
      await enrolledPatient(api, patientId, { carePlan: i % 2 === 0 });
      for (const [entryId, serviceDate, minutes] of [
        ['a', '2026-03-03', 5 + i],
        ['b', '2026-03-10', 10],
      ] as const) {
        await api.http
          .post(`/patients/${patientId}/time-entries`)
          .set('Authorization', `Bearer ${api.token('care_manager')}`)
          .send(timeEntryBody(`${patientId}-${entryId}`, { serviceDate, minutes }))
          .expect(201);
      }
    }
    await api.caughtUp();
    for (const path of READS) {
      const res = await api.get(path).expect(200);
      expected.set(path, res.body);
    }
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await redis?.close();
  });

  it('answers every read with 503 READ_MODEL_REBUILDING or the full answer, never a partial one', async () => {
    const seen: Seen[] = [];
    let flushedAt = Number.POSITIVE_INFINITY;
    let stop = false;
    const reader = async (n: number) => {
      for (let i = n; !stop; i++) {
        const path = READS[i % READS.length];
        const res = await api.get(path);
        seen.push({ path, status: res.status, body: res.body, at: Date.now() });
      }
    };
    const readers = Array.from({ length: READERS }, (_, n) => reader(n));
    // Under load first, then Redis loses everything.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const admin = new Redis(redis.url);
    flushedAt = Date.now();
    await admin.flushall();
    admin.disconnect();
    // Load goes on until the read models are back and answering, and a little after.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const back = seen.filter((s) => s.at > flushedAt && s.status === 200).length;
      if (back >= 20) break;
    }
    stop = true;
    await Promise.all(readers);

    const afterFlush = seen.filter((s) => s.at > flushedAt);
    const rebuilding = afterFlush.filter((s) => s.status === 503);
    // The flush was seen by readers, and they were served fully again before the end.
    expect(rebuilding.length).toBeGreaterThan(0);
    expect(afterFlush.filter((s) => s.status === 200).length).toBeGreaterThanOrEqual(20);
    const wrong = seen.filter(
      (s) =>
        !(s.status === 200 && JSON.stringify(s.body) === JSON.stringify(expected.get(s.path))) &&
        !(s.status === 503 && (s.body as { reason?: string }).reason === 'READ_MODEL_REBUILDING'),
    );
    expect(wrong.map(({ path, status, body }) => ({ path, status, body }))).toEqual([]);
    // Each 503 says how far the rebuild is: events applied of those stored (SQLite counts them).
    for (const { body } of rebuilding) {
      const { progress } = (body as { details: { progress: Record<string, unknown> } }).details;
      expect(progress).toEqual({
        projection: expect.any(String),
        eventsApplied: expect.any(Number),
        eventsTotal: expect.any(Number),
      });
      expect(progress.eventsApplied as number).toBeLessThanOrEqual(progress.eventsTotal as number);
    }
  }, 60_000);
});
