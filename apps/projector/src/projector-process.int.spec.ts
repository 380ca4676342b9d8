import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@ccm/event-store';
import { ReadModelQueries, SqliteReadModelStore, type ProjectionHealthReport } from '@ccm/projections';
import { PatientRecords, PracticeRecords } from '@ccm/record';
import { seedClinic } from '@ccm/synthetic-clinic';
import { ledgerKey } from '../../../libs/projections/src/patient-months/month-keys';
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
      const march = await new ReadModelQueries(readModels, writer).patientMonth(
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

  it('loses nothing and applies nothing twice when killed (SIGKILL) while building from the start or while following, and started again', async () => {
    const events = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    const clock = { now: () => new Date('2026-04-01T15:00:00Z') };
    const practices = new PracticeRecords(events, clock);
    const records = { practices, patients: new PatientRecords(events, practices, clock), clock };
    const seed = (practiceId: string, seedNumber: number) =>
      seedClinic(records, { practiceId, patients: 60, months: 2, seed: seedNumber, lastDay: '2026-03-31' });
    await seed('kill-clinic', 5);
    const patientsOf = (all: readonly RecordedEvent[], practiceId: string) => [
      ...new Set(
        all
          .map((e) => new RegExp(`^ccm\\.patient\\.${practiceId}\\.(.+)$`).exec(e.streamId)?.[1])
          .filter((id): id is string => !!id),
      ),
    ];
    const answersOf = async (all: readonly RecordedEvent[], practiceIds: readonly string[]) => {
      const reads = {
        practices: Object.fromEntries(practiceIds.map((id) => [id, patientsOf(all, id).slice(0, 15)])),
        months: ['2026-02', '2026-03'],
        now: new Date('2026-03-31T17:00:00Z'),
      };
      const reference = new SqliteReadModelStore({ filename: ':memory:' });
      await projectEvents(reference, all, { batchSize: 1000 });
      const expected = await collectAnswers(reference, events, reads);
      await reference.close();
      return { reads, expected };
    };
    const before = await new Scenario(events).events();

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
    const monthsRef = async () => {
      const version = await readModels.activeVersion('patient-months');
      return version === undefined ? undefined : { projection: 'patient-months', version };
    };
    const checkpointOf = async () => {
      const ref = await monthsRef();
      return ref === undefined ? null : readModels.checkpoint(ref);
    };
    const run = async <T>(body: (child: ChildProcess & { output: string[] }) => Promise<T>): Promise<T> => {
      const child = startProjectorChild(env);
      try {
        return await body(child);
      } finally {
        child.kill('SIGKILL');
        const exited = child.exitCode !== null || child.signalCode !== null;
        await new Promise((r) => (exited ? r(undefined) : child.once('exit', r)));
      }
    };
    try {
      // 1. Building from nothing, a group of streams at a time: killed once groups are written and before
      // the checkpoint moves (it moves only when the pass is over).
      const firstPatient = patientsOf(before, 'kill-clinic')[0];
      await run(() =>
        until(async () => {
          const ref = await monthsRef();
          if (!ref || (await readModels.checkpoint(ref)) !== null) return undefined;
          const [ledger] = await readModels.getDocuments(ref, [ledgerKey('kill-clinic', firstPatient)]);
          return ledger ? true : undefined;
        }),
      );
      expect(await checkpointOf()).toBeNull();

      // 2. Started again, it builds the rest; then killed while following new events in batches.
      const seeding = await run(async (child) => {
        const port = await portOf(child);
        await until(async () => caughtUp((await health(port)).body), 60_000);
        const { expected, reads } = await answersOf(before, ['kill-clinic']);
        expect(await collectAnswers(readModels, events, reads)).toEqual(expected);
        const more = seed('kill-clinic-2', 6);
        await until(async () =>
          Number((await checkpointOf())?.split('/')[0]) > before.length ? true : undefined,
        );
        return { more };
      });
      await seeding.more;
      const all = await new Scenario(events).events();
      expect(Number((await checkpointOf())?.split('/')[0])).toBeLessThan(all.length);

      // 3. Started again, it follows from its checkpoint: the answers are one projection's of everything.
      await run(async (child) => {
        const port = await portOf(child);
        await until(async () => caughtUp((await health(port)).body), 60_000);
        const { expected, reads } = await answersOf(all, ['kill-clinic', 'kill-clinic-2']);
        expect(await collectAnswers(readModels, events, reads)).toEqual(expected);
      });
    } finally {
      await readModels.close();
      await events.close();
    }
  }, 120_000);
});

function portOf(child: ChildProcess & { output: string[] }): Promise<number> {
  return until(async () => {
    const match = /health on port (\d+)/.exec(child.output.join(''));
    return match ? Number(match[1]) : undefined;
  });
}
