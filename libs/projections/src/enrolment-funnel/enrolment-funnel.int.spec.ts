/**
 * The enrolment funnel read model on both adapters: the standard story's patients and a few candidates
 * (raw events of the candidate contract) projected into a SQLite file and a private redis-server in
 * batches of different sizes, then rebuilt. Every answer is the same text on both, and equals the funnel
 * worked out in memory with the pure functions alone (records folded from the events, billable months
 * from the patient-months fold).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@ccm/event-store';
import { decodePatientEvent } from '@ccm/patient-months';
import type { ReadModelStore } from '../read-model-store';
import { RedisReadModelStore } from '../redis/redis-read-model-store';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { appendChained } from '../testing/append-chained';
import { foldPatientMonths } from '../testing/fold-patient-months';
import { projectEvents } from '../testing/project-events';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server';
import { OTHER_PRACTICE, PRACTICE, standardStory } from '../testing/scenario';
import { decodeCandidateEvent } from './candidate-events';
import {
  evolveCandidateFunnelRecord,
  evolvePatientFunnelRecord,
  type CandidateFunnelRecord,
  type PatientFunnelRecord,
} from './funnel-record';
import { funnelTrendFor } from './funnel';
import { EnrolmentFunnelQueries } from './funnel-queries';

const MONTHS = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04'];

let events: RecordedEvent[];
let redis: TestRedisServer;
let dir: string;
const stores = {} as Record<'sqlite' | 'redis', ReadModelStore>;

const identified = (candidateId: string, identifiedOn: string) => ({
  type: 'CandidateIdentified',
  data: {
    candidateId,
    practiceId: PRACTICE,
    source: 'fhir',
    identifiedOn,
    name: { given: ['X'], family: 'Y' },
  },
});
const attempt = (attemptId: string, attemptedAt: string, outcome: string) => ({
  type: 'OutreachAttempted',
  data: { attemptId, attemptedAt, channel: 'phone', purpose: 'enrolment', outcome, recordedBy: 'rn-lopez' },
});
const linked = (patientId: string) => ({
  type: 'CandidateEnrolled',
  data: { patientId, enrolledOn: '2026-01-05', recordedBy: 'ada' },
});

/** The funnel of each month, from the events with the pure functions alone. */
function expectedTrend(practiceId: string) {
  const candidates = new Map<string, CandidateFunnelRecord>();
  const patients = new Map<string, PatientFunnelRecord>();
  for (const event of events) {
    const candidate = decodeCandidateEvent(event);
    if (candidate?.practiceId === practiceId) {
      const next = evolveCandidateFunnelRecord(candidates.get(candidate.candidateId), candidate);
      if (next) candidates.set(candidate.candidateId, next);
    }
    const patient = decodePatientEvent(event);
    if (patient?.practiceId === practiceId) {
      const next = evolvePatientFunnelRecord(patients.get(patient.patientId), patient);
      if (next) patients.set(patient.patientId, next);
    }
  }
  const firstBillableMonths: Record<string, string> = {};
  for (const patientId of patients.keys()) {
    const { months } = foldPatientMonths(events, practiceId, patientId);
    const billable = [...months.values()].filter((m) => m.billing.status === 'billable').map((m) => m.month);
    if (billable.length > 0) firstBillableMonths[patientId] = billable.sort()[0];
  }
  return funnelTrendFor(
    { candidates: [...candidates.values()], patients: [...patients.values()], firstBillableMonths },
    MONTHS,
  );
}

beforeAll(async () => {
  const story = await standardStory();
  // Candidate streams interleaved with the patients' own: c-1 became pt-1, c-2 became pt-3 (who withdrew).
  await appendChained(story.store, `ccm.candidate.${PRACTICE}.c-1`, [
    identified('c-1', '2025-12-15'),
    attempt('a-1', '2025-12-16T09:00', 'no_answer'),
    attempt('a-2', '2025-12-18T09:00', 'reached'),
    linked('pt-1'),
  ]);
  await appendChained(story.store, `ccm.candidate.${PRACTICE}.c-2`, [
    identified('c-2', '2026-02-02'),
    attempt('a-1', '2026-02-20T09:00', 'reached'),
    { type: 'CandidateUpdated', data: { updatedOn: '2026-02-21' } },
    linked('pt-3'),
  ]);
  await appendChained(story.store, `ccm.candidate.${PRACTICE}.c-3`, [
    identified('c-3', '2026-03-01'),
    attempt('a-1', '2026-03-04T09:00', 'declined'),
  ]);
  await appendChained(story.store, `ccm.candidate.${OTHER_PRACTICE}.c-1`, [identified('c-1', '2026-03-02')]);
  events = await story.events();
  redis = await startRedisServer();
  dir = mkdtempSync(join(tmpdir(), 'ccm-funnel-'));
  stores.sqlite = new SqliteReadModelStore({ filename: join(dir, 'read-models.sqlite') });
  const redisStore = new RedisReadModelStore({ url: redis.url });
  await redisStore.ready();
  stores.redis = redisStore;
  await projectEvents(stores.sqlite, events, { batchSize: 7 });
  await projectEvents(stores.redis, events, { batchSize: 3 });
});

afterAll(async () => {
  await stores.sqlite?.close();
  await stores.redis?.close();
  await redis?.close();
  rmSync(dir, { recursive: true, force: true });
});

const answerText = async (store: ReadModelStore, practiceId: string) =>
  JSON.stringify((await new EnrolmentFunnelQueries(store).funnelTrend(practiceId, MONTHS)).body);

describe.each(['sqlite', 'redis'] as const)('the enrolment funnel on %s', (adapter) => {
  it.each([PRACTICE, OTHER_PRACTICE])(
    'answers %s as the pure functions work it out from the events',
    async (practiceId) => {
      const { body, position } = await new EnrolmentFunnelQueries(stores[adapter]).funnelTrend(
        practiceId,
        MONTHS,
      );
      expect(body).toEqual(expectedTrend(practiceId));
      // December's cohort (c-1, who became pt-1) reached a billable month: the patient-months part is read.
      expect(body[0].cohort.stages.map((s) => s.count)).toEqual(
        practiceId === PRACTICE ? [1, 1, 1, 1, 1] : [0, 0, 0, 0, 0],
      );
      expect(position).toMatch(/^\d+\/\d+$/);
    },
  );
});

it('gives byte-identical answers on SQLite and Redis, and the same again after a rebuild from the events', async () => {
  for (const practiceId of [PRACTICE, OTHER_PRACTICE]) {
    const fromSqlite = await answerText(stores.sqlite, practiceId);
    expect(await answerText(stores.redis, practiceId)).toBe(fromSqlite);
    // The story's first candidate is in the answer, so the comparison is not of two empty funnels.
    expect(JSON.parse(fromSqlite)[0].cohort.stages[0].count).toBe(practiceId === PRACTICE ? 1 : 0);
  }
  const rebuiltDir = mkdtempSync(join(tmpdir(), 'ccm-funnel-rebuilt-'));
  const rebuilt = new SqliteReadModelStore({ filename: join(rebuiltDir, 'read-models.sqlite') });
  try {
    // Redelivery is harmless: the same events twice leave the same records.
    await projectEvents(rebuilt, [...events, ...events], { batchSize: 50 });
    expect(await answerText(rebuilt, PRACTICE)).toBe(await answerText(stores.redis, PRACTICE));
  } finally {
    await rebuilt.close();
    rmSync(rebuiltDir, { recursive: true, force: true });
  }
});
