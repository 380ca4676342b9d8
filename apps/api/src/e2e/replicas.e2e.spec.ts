/**
 * Two api replicas on one event store (a SQLite file, or EventStoreDB through the protocol test server in
 * the project "api on eventstoredb") and one Redis for the read models, kept by a projector of their own,
 * as a deployment past one machine runs them (issue 20): idempotent commands, conflict retries,
 * read-your-writes and the access log hold across replicas. The replicas spread practice-wide reads over
 * ACCESS_LOG_SHARDS=2 streams, each pinned to its own shard here so the test knows which it writes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AccessLog, verifyStream } from '@ccm/audit';
import { patientStreamId, practiceAccessShardStreamId } from '@ccm/domain';
import { SqliteEventStore, type EventStore } from '@ccm/event-store';
import { EventStoreDbEventStore } from '@ccm/event-store/eventstoredb';
import { ProtocolTestServer } from '@ccm/event-store/eventstoredb/testing/protocol-test-server';
import { ALL_PROJECTIONS, Projector, RedisReadModelStore } from '@ccm/projections';
import { ChainTails, readWholeStream } from '@ccm/record';
import type { AppConfig } from '@ccm/runtime';
import {
  startRedisServer,
  type TestRedisServer,
} from '../../../../libs/projections/src/testing/redis-server';
import { createApp } from '../create-app';
import {
  DEFAULT_NOW,
  PRACTICE_ID,
  TEST_SECRET,
  TestClock,
  tokensAt,
  type ApiHarness,
} from '../testing/api-harness';
import { enrolledPatient, registerPractices, timeEntryBody } from '../testing/fixtures';

jest.setTimeout(60_000);

let dir: string;
let server: ProtocolTestServer | undefined;
let redis: TestRedisServer;
let projector: Projector;
const replicas: ApiHarness[] = [];
const closing: (() => Promise<void>)[] = [];

function openStore(): { store: EventStore; config: AppConfig['eventStore'] } {
  if (server) {
    const store = new EventStoreDbEventStore({ connectionString: server.connectionString });
    return { store, config: { kind: 'eventstoredb', connectionString: server.connectionString } };
  }
  const filename = join(dir, 'events.sqlite');
  return {
    store: new SqliteEventStore({ filename }),
    config: { kind: 'sqlite', filename, synchronous: 'FULL' },
  };
}

async function startReplica(accessLogShard: number): Promise<ApiHarness> {
  const { store, config } = openStore();
  const clock = new TestClock(new Date(DEFAULT_NOW));
  const app: INestApplication = await createApp({
    config: {
      port: 0,
      dataDir: dir,
      eventStore: config,
      jwtSecret: TEST_SECRET,
      isDevelopmentSecret: false,
      production: false,
      accessLogShards: 2,
    },
    clock,
    eventStore: store,
    accessLogShard,
    quiet: true,
    readModels: {
      config: {
        store: { kind: 'redis', url: redis.url },
        projector: 'off',
        projectorThread: 'main',
        projectorNice: 5,
        partitions: 2,
      },
    },
  });
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    store,
    storeKind: config.kind,
    clock,
    dataDir: dir,
    token: tokensAt(clock),
    readPatientStream: (patientId, practiceId = PRACTICE_ID) =>
      readWholeStream(store, patientStreamId(practiceId, patientId)),
    close: () => app.close(),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ccm-replicas-'));
  if (process.env.CCM_TEST_EVENT_STORE === 'eventstoredb') server = await ProtocolTestServer.start();
  redis = await startRedisServer();
  const readModels = new RedisReadModelStore({ url: redis.url });
  await readModels.ready();
  const { store } = openStore();
  projector = new Projector({
    eventStore: store,
    readModels,
    projections: ALL_PROJECTIONS,
    partitions: 2,
    idleFlushMs: 10,
    versionCheckMs: 50,
  });
  projector.start();
  closing.push(async () => {
    await projector.stop();
    await readModels.close();
    await store.close();
  });
  replicas.push(await startReplica(0), await startReplica(1));
  await registerPractices(replicas[0]);
  await enrolledPatient(replicas[1], 'pt-r');
});

afterAll(async () => {
  for (const replica of replicas) await replica.close();
  for (const close of closing) await close();
  await redis?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const [a, b] = [() => replicas[0], () => replicas[1]];
const asCareManager = (replica: ApiHarness) => `Bearer ${replica.token('care_manager')}`;

describe('two api replicas on one event store and one Redis', () => {
  it('reads on one replica what was written on the other, once given its position', async () => {
    const written = await a()
      .http.post('/patients/pt-r/time-entries')
      .set('Authorization', asCareManager(a()))
      .send(timeEntryBody('across-1', { minutes: 9 }))
      .expect(201);
    const month = await b()
      .http.get('/patients/pt-r/months/2026-03')
      .set('Authorization', `Bearer ${b().token('biller')}`)
      .set('X-CCM-Min-Position', written.headers['x-ccm-position'])
      .expect(200);
    expect(month.body.timeEntries.map((e: { entryId: string }) => e.entryId)).toContain('across-1');
  });

  it('records a command sent to both replicas at once only once, and answers both alike', async () => {
    const send = (replica: ApiHarness) =>
      replica.http
        .post('/patients/pt-r/time-entries')
        .set('Authorization', asCareManager(replica))
        .send(timeEntryBody('twice-1', { minutes: 5 }));
    const [first, second] = await Promise.all([send(a()), send(b())]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body).toEqual(first.body);
    const logged = (await a().readPatientStream('pt-r')).filter(
      (e) => e.type === 'TimeLogged' && (e.data as { entryId?: string }).entryId === 'twice-1',
    );
    expect(logged).toHaveLength(1);
  });

  it('records a command keyed only by Idempotency-Key once when both replicas get it at once', async () => {
    const before = (await a().readPatientStream('pt-r')).length;
    const send = (replica: ApiHarness) =>
      replica.http
        .post('/patients/pt-r/conditions')
        .set('Authorization', `Bearer ${replica.token('practitioner')}`)
        .set('Idempotency-Key', 'replicas-copd')
        .send({
          icd10: 'J44.9',
          description: 'COPD',
          expectedDuration: '12_months_or_more',
          significantRisk: true,
        });
    const answers = await Promise.all([send(a()), send(b()), send(a()), send(b())]);
    expect(answers.map((r) => (r.status === 201 ? 201 : JSON.stringify(r.body)))).toEqual(Array(4).fill(201));
    expect(new Set(answers.map((r) => r.headers.etag)).size).toBe(1);
    expect(answers.filter((r) => r.headers['x-ccm-replayed'] !== 'true')).toHaveLength(1);
    expect(await a().readPatientStream('pt-r')).toHaveLength(before + 1);
  });

  it('lands concurrent commands from both replicas on one patient, in one chain that verifies', async () => {
    const before = (await a().readPatientStream('pt-r')).length;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => {
        const replica = i % 2 === 0 ? a() : b();
        return replica.http
          .post('/patients/pt-r/time-entries')
          .set('Authorization', asCareManager(replica))
          .send(timeEntryBody(`many-${i}`, { minutes: 3 }));
      }),
    );
    // A refusal names its reason here, so a failure says which.
    expect(results.map((r) => (r.status === 201 ? 201 : JSON.stringify(r.body)))).toEqual(
      Array(12).fill(201),
    );
    const stream = await b().readPatientStream('pt-r');
    expect(stream).toHaveLength(before + 12);
    const chains = new ChainTails();
    for (const event of stream) chains.acceptFromStart(event);
  });

  it('logs practice-wide reads from each replica in its own shard, chains that verify, read as one', async () => {
    const shards = [0, 1].map((shard) => practiceAccessShardStreamId(PRACTICE_ID, shard));
    const before = await Promise.all(shards.map(async (s) => (await readWholeStream(a().store, s)).length));
    const log = new AccessLog(a().store, a().clock);
    const readsBefore = (await log.practiceReadsOf(PRACTICE_ID)).length;
    const reads = await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const replica = i % 2 === 0 ? a() : b();
        return replica.http.get('/worklist').set('Authorization', asCareManager(replica));
      }),
    );
    expect(reads.map((r) => r.status)).toEqual(Array(8).fill(200));
    for (const [i, shard] of shards.entries()) {
      expect(await readWholeStream(b().store, shard)).toHaveLength(before[i] + 4);
      expect(await verifyStream(b().store, shard)).toMatchObject({ ok: true });
    }
    const logged = await log.practiceReadsOf(PRACTICE_ID);
    expect(logged).toHaveLength(readsBefore + 8);
    expect(new Set(logged.slice(readsBefore).map((e) => e.streamId))).toEqual(new Set(shards));
  });
});
