/**
 * Two api replicas on one event store (a SQLite file, or EventStoreDB through the protocol test server in
 * the project "api on eventstoredb") and one Redis for the read models, kept by a projector of their own,
 * as a deployment past one machine runs them (issue 20): idempotent commands, conflict retries,
 * read-your-writes and the access log hold across replicas.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { patientStreamId, practiceAccessStreamId } from '@ccm/domain';
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

async function startReplica(): Promise<ApiHarness> {
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
    },
    clock,
    eventStore: store,
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
  replicas.push(await startReplica(), await startReplica());
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

  it('logs practice-wide reads from both replicas in the practice access stream, one chain', async () => {
    const stream = practiceAccessStreamId(PRACTICE_ID);
    const before = (await readWholeStream(a().store, stream)).length;
    const reads = await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const replica = i % 2 === 0 ? a() : b();
        return replica.http.get('/worklist').set('Authorization', asCareManager(replica));
      }),
    );
    expect(reads.map((r) => r.status)).toEqual(Array(8).fill(200));
    const logged = await readWholeStream(b().store, stream);
    expect(logged.length).toBe(before + 8);
    const chains = new ChainTails();
    for (const event of logged) chains.acceptFromStart(event);
  });
});
