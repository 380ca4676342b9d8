/// <reference types="jest" />
/**
 * Runs the real api in-process on a real SQLite event store file (or a store a test hands in), with a
 * clock the test moves, and helpers to mint tokens and read streams back. Used by every *.e2e.spec.ts.
 */
import type { INestApplication } from '@nestjs/common';
import { signAccessToken } from '@ccm/auth';
import { patientStreamId, type UserRole } from '@ccm/domain';
import { SqliteEventStore, type EventStore, type RecordedEvent } from '@ccm/event-store';
import { loadReadSideConfig } from '@ccm/projections';
import { EventStoreDbEventStore } from '@ccm/event-store/eventstoredb';
import { ProtocolTestServer } from '@ccm/event-store/eventstoredb/testing/protocol-test-server';
import { readWholeStream, type Clock } from '@ccm/record';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { AppConfig } from '@ccm/runtime';
import { createApp } from '../create-app';
import type { ObservabilityOptions } from '../observability/observability.module';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-production-rules';

export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return this.current;
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export interface ApiHarness {
  readonly app: INestApplication;
  readonly http: ReturnType<typeof request>;
  readonly store: EventStore;
  readonly storeKind: AppConfig['eventStore']['kind'];
  readonly clock: TestClock;
  /** Where a SQLite store keeps its file (`events.sqlite`), for tests that tamper with it. */
  readonly dataDir: string;
  token(role: UserRole, practiceId?: string, userId?: string): string;
  readPatientStream(patientId: string, practiceId?: string): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

export const PRACTICE_ID = 'riverside';
export const OTHER_PRACTICE_ID = 'lakeside';

/** Chicago keeps daylight time from 8 March 2026 (UTC-5): this is 12:00 local on the 31st. */
export const DEFAULT_NOW = '2026-03-31T17:00:00Z';

/**
 * The store the api suites run on: a SQLite file by default; with CCM_TEST_EVENT_STORE=eventstoredb
 * (the jest project "api on eventstoredb"), the EventStoreDB adapter over gRPC to the protocol test
 * server, so the configuration path is proven end to end on both.
 */
async function openTestStore(
  dir: string,
): Promise<{ store: EventStore; eventStore: AppConfig['eventStore']; stop: () => Promise<void> }> {
  if (process.env.CCM_TEST_EVENT_STORE === 'eventstoredb') {
    const server = await ProtocolTestServer.start();
    const store = new EventStoreDbEventStore({ connectionString: server.connectionString });
    return {
      store,
      eventStore: { kind: 'eventstoredb', connectionString: server.connectionString },
      stop: () => server.stop(),
    };
  }
  const filename = join(dir, 'events.sqlite');
  return {
    store: new SqliteEventStore({ filename }),
    eventStore: { kind: 'sqlite', filename, synchronous: 'FULL' },
    stop: async () => undefined,
  };
}

export async function startApi(
  options: {
    now?: string;
    /** Logs and metrics as configured here (a test capturing log records); quiet without it. */
    observability?: ObservabilityOptions;
    /** Production mode, http limits and token verification other than HS256 with TEST_SECRET. */
    config?: Partial<Pick<AppConfig, 'production' | 'http' | 'identity'>>;
    /** Another api on the data of one closed before (a restart); left in place by close(). */
    dataDir?: string;
  } = {},
): Promise<ApiHarness> {
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ccm-api-'));
  const { store, eventStore, stop } = await openTestStore(dir);
  const clock = new TestClock(new Date(options.now ?? DEFAULT_NOW));
  const config: AppConfig = {
    port: 0,
    dataDir: dir,
    eventStore,
    jwtSecret: TEST_SECRET,
    isDevelopmentSecret: false,
    production: false,
    ...options.config,
  };
  // The projector runs on the main thread: a worker compiled from TypeScript costs each api seconds of CPU
  // (the worker thread has its own spec, apps/api/src/read-models/projector-thread.e2e.spec.ts).
  const readSide = loadReadSideConfig({ ...process.env, CCM_DATA_DIR: dir });
  const app = await createApp({
    config,
    clock,
    eventStore: store,
    quiet: options.observability === undefined,
    ...(options.observability ? { observability: options.observability } : {}),
    readModels: { config: { ...readSide, projectorThread: 'main' } },
  });
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    store,
    storeKind: eventStore.kind,
    clock,
    dataDir: dir,
    token: tokensAt(clock),
    readPatientStream: (patientId, practiceId = PRACTICE_ID) =>
      readWholeStream(store, patientStreamId(practiceId, patientId)),
    async close() {
      await app.close();
      await stop();
      if (options.dataDir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs test tokens (TEST_SECRET) at the clock's time, for a user on the fixture roster by default. */
export function tokensAt(clock: Clock): ApiHarness['token'] {
  return (role, practiceId = PRACTICE_ID, userId) =>
    signAccessToken({ userId: userId ?? defaultUser(role), role, practiceId }, TEST_SECRET, {
      now: clock.now(),
      ttlSeconds: 3600,
    });
}

/** Token users who are on the fixture roster, so they can be performers and signers. */
function defaultUser(role: UserRole): string {
  switch (role) {
    case 'care_manager':
      return 'rn-lopez';
    case 'practitioner':
      return 'dr-adams';
    default:
      return `${role}-user`;
  }
}

/** Runs a request that must be refused and checks the patient's stream did not change at all. */
export async function expectStreamUnchanged(
  api: ApiHarness,
  patientId: string,
  act: () => Promise<unknown>,
  practiceId = PRACTICE_ID,
): Promise<void> {
  const before = await api.readPatientStream(patientId, practiceId);
  await act();
  const after = await api.readPatientStream(patientId, practiceId);
  expect(after.map((e) => e.id)).toEqual(before.map((e) => e.id));
}
