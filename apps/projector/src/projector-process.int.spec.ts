import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ccm/event-store';
import { ReadModelQueries, SqliteReadModelStore, type ProjectionHealthReport } from '@ccm/projections';
import { PatientRecords, PracticeRecords } from '@ccm/record';
import { seedClinic } from '@ccm/synthetic-clinic';
import { collectAnswers } from '../../../libs/projections/src/testing/collect-answers';
import { projectEvents } from '../../../libs/projections/src/testing/project-events';
import { PRACTICE, Scenario, standardStory } from '../../../libs/projections/src/testing/scenario';
import { startProjectorProcess } from './projector-process';
import { startProjectorChild } from './testing/projector-child';

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

function health(port: number): Promise<{ status: number; body: ProjectionHealthReport }> {
  return new Promise((resolvePromise, reject) => {
    get({ host: '127.0.0.1', port, path: '/health' }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () =>
        resolvePromise({ status: res.statusCode ?? 0, body: JSON.parse(text) as ProjectionHealthReport }),
      );
    }).on('error', reject);
  });
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const caughtUp = (report: ProjectionHealthReport) =>
  report.status === 'ok' && report.projections.every((p) => p.behind === 0 && p.version !== null)
    ? report
    : undefined;

describe('the projector process', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-projector-process-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('follows the event store another process writes, into the configured store, and reports health', async () => {
    const env = {
      CCM_DATA_DIR: dir,
      EVENT_STORE: 'sqlite',
      READ_MODEL_STORE: 'sqlite',
      HEALTH_PORT: '0',
      CCM_SQLITE_SYNCHRONOUS: 'NORMAL',
    };
    const running = await startProjectorProcess(env, silent);
    const writer = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    try {
      await standardStory(new Scenario(writer));
      const report = await until(async () => caughtUp((await health(running.port)).body));
      expect(report).toMatchObject({ store: 'sqlite', projector: 'standalone' });
      const readModels = new SqliteReadModelStore({ filename: join(dir, 'read-models.sqlite') });
      const march = await new ReadModelQueries(readModels).patientMonth(
        PRACTICE,
        'pt-1',
        '2026-03',
        new Date('2026-03-31T17:00:00Z'),
      );
      expect(march.found && march.answer.body.billing.decision?.codes.map((c) => c.code)).toEqual([
        '99439',
        '99490',
      ]);
      await readModels.close();
    } finally {
      await running.stop();
      await writer.close();
    }
  });

  it('loses nothing and applies nothing twice when killed (SIGKILL) mid-stream and started again', async () => {
    const events = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    const clock = { now: () => new Date('2026-04-01T15:00:00Z') };
    const practices = new PracticeRecords(events, clock);
    await seedClinic(
      { practices, patients: new PatientRecords(events, practices, clock), clock },
      { practiceId: 'kill-clinic', patients: 60, months: 2, seed: 5, lastDay: '2026-03-31' },
    );
    const all = await new Scenario(events).events();
    const patientIds = [
      ...new Set(
        all
          .map((e) => /^ccm\.patient\.kill-clinic\.(.+)$/.exec(e.streamId)?.[1])
          .filter((id): id is string => !!id),
      ),
    ];
    const reads = {
      practices: { 'kill-clinic': patientIds.slice(0, 15) },
      months: ['2026-02', '2026-03'],
      now: new Date('2026-03-31T17:00:00Z'),
    };
    const reference = new SqliteReadModelStore({ filename: ':memory:' });
    await projectEvents(reference, all, { batchSize: 1000 });
    const expected = await collectAnswers(reference, reads);
    await reference.close();
    await events.close();

    const env = {
      ...process.env,
      CCM_DATA_DIR: dir,
      EVENT_STORE: 'sqlite',
      READ_MODEL_STORE: 'sqlite',
      HEALTH_PORT: '0',
      PROJECTOR_BATCH_SIZE: '7',
      NODE_ENV: 'test',
    };
    const readModels = new SqliteReadModelStore({ filename: join(dir, 'read-models.sqlite') });
    const checkpointOf = async () => {
      const version = await readModels.activeVersion('patient-months');
      return version === undefined ? null : readModels.checkpoint({ projection: 'patient-months', version });
    };
    const first = startProjectorChild(env);
    // Killed once a few batches are in, long before the end.
    await until(async () => ((await checkpointOf()) !== null ? true : undefined));
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = await checkpointOf();
    expect(Number(atKill?.split('/')[0])).toBeLessThan(all.length);

    const second = startProjectorChild(env);
    try {
      const port = await portOf(second);
      await until(async () => caughtUp((await health(port)).body), 60_000);
      expect(await collectAnswers(readModels, reads)).toEqual(expected);
    } finally {
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
      await readModels.close();
    }
  }, 90_000);
});

function portOf(child: ChildProcess & { output: string[] }): Promise<number> {
  return until(async () => {
    const match = /health on port (\d+)/.exec(child.output.join(''));
    return match ? Number(match[1]) : undefined;
  });
}
