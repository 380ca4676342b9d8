/**
 * The real api (application module + read models module) in-process, on a SQLite event store file, with
 * read models in SQLite or in a Redis the test started, and the projector embedded. Like
 * apps/api/src/testing/api-harness.ts, which it mirrors, plus what reads need: waiting for projections.
 */
import { NestFactory } from '@nestjs/core';
import { signAccessToken } from '@ccm/auth';
import { patientStreamId, type UserRole } from '@ccm/domain';
import { SqliteEventStore, type EventStore, type RecordedEvent } from '@ccm/event-store';
import { readStreamPaged } from '@ccm/record';
import { DEFAULT_PROJECTOR_NICE, type ReadSideConfig } from '@ccm/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AppModule } from '../../app.module';
import type { AppConfig } from '@ccm/runtime';
import { validationPipe } from '../../http/validation';
import { observabilityOptions } from '../../observability/observability.module';
import { DEFAULT_NOW, PRACTICE_ID, TEST_SECRET, TestClock, type ApiHarness } from '../../testing/api-harness';
import { ReadSide } from '../read-side';

/** Usable wherever the write-side harness is (the fixtures take either). */
export interface ReadApiHarness extends ApiHarness {
  readonly readSide: ReadSide;
  /** GET as `role` of the default practice. */
  get(path: string, role?: UserRole, practiceId?: string): request.Test;
  /** Resolves once the embedded projector has applied everything stored. */
  caughtUp(): Promise<void>;
  stopProjector(): Promise<void>;
  close(): Promise<void>;
}

const USERS: Partial<Record<UserRole, string>> = { care_manager: 'rn-lopez', practitioner: 'dr-adams' };

export async function startReadApi(
  options: {
    readModels: 'sqlite' | { redisUrl: string };
    store?: EventStore;
    now?: string;
    /** Where the embedded projector runs; the main thread unless a test is about the worker thread. */
    projectorThread?: ReadSideConfig['projectorThread'];
    projectorNice?: number;
  } = {
    readModels: 'sqlite',
  },
): Promise<ReadApiHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-read-api-'));
  const store =
    options.store ?? new SqliteEventStore({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 50 });
  const clock = new TestClock(new Date(options.now ?? DEFAULT_NOW));
  const config: AppConfig = {
    port: 0,
    dataDir: dir,
    eventStore: { kind: 'sqlite', filename: join(dir, 'events.sqlite'), synchronous: 'FULL' },
    jwtSecret: TEST_SECRET,
    isDevelopmentSecret: false,
    production: false,
  };
  const readConfig: ReadSideConfig = {
    store:
      options.readModels === 'sqlite'
        ? { kind: 'sqlite', filename: join(dir, 'read-models.sqlite') }
        : { kind: 'redis', url: options.readModels.redisUrl },
    projector: 'embedded',
    projectorThread: options.projectorThread ?? 'main',
    projectorNice: options.projectorNice ?? DEFAULT_PROJECTOR_NICE,
    partitions: 1,
  };
  const app = await NestFactory.create(
    AppModule.forRoot({
      config,
      clock,
      eventStore: store,
      readModels: { config: readConfig, projector: { idleFlushMs: 10, versionCheckMs: 50 } },
      observability: observabilityOptions(undefined, true),
    }),
    { logger: false, abortOnError: false },
  );
  app.useGlobalPipes(validationPipe);
  await app.init();
  const readSide = app.get(ReadSide);
  const http = request(app.getHttpServer());
  const token = (role: UserRole, practiceId = PRACTICE_ID, userId?: string) =>
    signAccessToken({ userId: userId ?? USERS[role] ?? `${role}-user`, role, practiceId }, TEST_SECRET, {
      now: clock.now(),
      ttlSeconds: 3600,
    });
  return {
    app,
    http,
    store,
    storeKind: 'sqlite',
    clock,
    dataDir: dir,
    readSide,
    token,
    async readPatientStream(patientId: string, practiceId = PRACTICE_ID) {
      const events: RecordedEvent[] = [];
      for await (const event of readStreamPaged(store, patientStreamId(practiceId, patientId)))
        events.push(event);
      return events;
    },
    get: (path, role = 'biller', practiceId = PRACTICE_ID) =>
      http.get(path).set('Authorization', `Bearer ${token(role, practiceId)}`),
    caughtUp: () => readSide.projector!.waitUntilCaughtUp(60_000),
    stopProjector: async () => readSide.projector?.stop(),
    async close() {
      await readSide.projector?.stop();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
