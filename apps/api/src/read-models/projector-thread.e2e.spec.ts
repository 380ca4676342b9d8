/**
 * The embedded default runs the projector on a worker thread of the api process: the read models are
 * kept by the thread through its own connections, the api's commits wake it, and a thread that dies is
 * started again without losing or repeating an event. On SQLite and on Redis read models.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { ProjectorThread } from '@ccm/projections';
import {
  startRedisServer,
  type TestRedisServer,
} from '../../../../libs/projections/src/testing/redis-server';
import { enrolledPatient, registerPractices, timeEntryBody } from '../testing/fixtures';
import { startReadApi, type ReadApiHarness } from './testing/read-api-harness';

const logTime = async (api: ReadApiHarness, patientId: string, entryId: string) => {
  const res = await api.http
    .post(`/patients/${patientId}/time-entries`)
    .set('Authorization', `Bearer ${api.token('care_manager')}`)
    .send(timeEntryBody(entryId, { minutes: 5 }))
    .expect(201);
  return res.headers['x-ccm-position'] as string;
};

const entryIdsOfMonth = async (api: ReadApiHarness, patientId: string, position?: string) => {
  const req = api.get(`/patients/${patientId}/months/2026-03`);
  if (position) req.set('X-CCM-Min-Position', position);
  const res = await req.expect(200);
  return (res.body.timeEntries as { entryId: string }[]).map((e) => e.entryId);
};

describe.each([
  ['SQLite', 'sqlite'],
  ['Redis', 'redis'],
] as const)('the projector on a worker thread, read models in %s', (_label, kind) => {
  let redis: TestRedisServer | undefined;
  let api: ReadApiHarness;
  let thread: ProjectorThread;

  beforeAll(async () => {
    redis = kind === 'redis' ? await startRedisServer() : undefined;
    api = await startReadApi({
      readModels: redis ? { redisUrl: redis.url } : 'sqlite',
      projectorThread: 'worker',
    });
    thread = api.readSide.projector as ProjectorThread;
    await registerPractices(api);
    await enrolledPatient(api, 'pt-thread');
    await api.caughtUp();
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await redis?.close();
  });

  it('keeps the read models current from its own connections, and reports its state to /health', async () => {
    expect(thread).toBeInstanceOf(ProjectorThread);
    expect(thread.thread).toBeDefined();
    const position = await logTime(api, 'pt-thread', 'first');
    expect(await entryIdsOfMonth(api, 'pt-thread', position)).toContain('first');
    await api.caughtUp();
    const health = await api.http.get('/health/projections').expect(200);
    expect(health.body.status).toBe('ok');
    expect(health.body.projector).toBe('embedded');
    for (const projection of health.body.projections) {
      expect(projection).toMatchObject({ behind: 0, state: 'live', retries: 0, lastError: null });
    }
  });

  it('is started again when it dies; commands meanwhile are kept and applied once', async () => {
    const died = thread.thread as NonNullable<ProjectorThread['thread']>;
    await died.terminate();
    expect(
      thread.status().every((s) => s.state === 'retrying' && s.lastError === 'ProjectorThreadExited'),
    ).toBe(true);
    // Commands never wait for the projector.
    await logTime(api, 'pt-thread', 'while-down-1');
    await logTime(api, 'pt-thread', 'while-down-2');
    // A thread compiled from TypeScript takes a moment to start: wait for it rather than the read's 2 s.
    await api.caughtUp();
    expect(await entryIdsOfMonth(api, 'pt-thread')).toEqual(
      expect.arrayContaining(['first', 'while-down-1', 'while-down-2']),
    );
    expect(thread.thread).toBeDefined();
    expect(thread.thread).not.toBe(died);
    // Nothing applied twice: one timeline entry per stored event of the patient.
    const stored = await api.readPatientStream('pt-thread');
    const timeline = await api.get('/patients/pt-thread/timeline?limit=1000').expect(200);
    expect(timeline.body.items.map((e: { revision: number }) => e.revision)).toEqual(
      stored.map((e) => Number(e.revision)),
    );
  });

  it('stops with the api, its last batch committed', async () => {
    await logTime(api, 'pt-thread', 'before-stop');
    await api.caughtUp();
    await api.stopProjector();
    expect(thread.thread).toBeUndefined();
    expect(thread.status().every((s) => s.state === 'stopped')).toBe(true);
  });
});

/** The nice value of each of this process's threads (Linux). */
function threadNices(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // After the command name in parentheses: state is field 3, nice field 19.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

// A thread may lower its priority, not raise it: the test needs a process running below nice 9.
const canLower = process.platform === 'linux' && getPriority() < 9;

(canLower ? describe : describe.skip)('the projector thread’s priority', () => {
  let api: ReadApiHarness;

  beforeAll(async () => {
    api = await startReadApi({ readModels: 'sqlite', projectorThread: 'worker', projectorNice: 9 });
    await registerPractices(api);
    await api.caughtUp();
  }, 60_000);
  afterAll(() => api?.close());

  it('is the configured nice value (CCM_PROJECTOR_NICE), and the api’s own threads keep theirs', () => {
    const nices = threadNices();
    const own = getPriority();
    expect(nices.filter((nice) => nice === 9)).toHaveLength(1);
    expect(nices.filter((nice) => nice !== own)).toEqual([9]);
  });
});
