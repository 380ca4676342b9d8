/**
 * The live projector's cost per event: a Projector (every read model, SQLite read-model store) that has
 * caught up with a clinic's practice events is stopped, the clinic's patient events are appended (one
 * event of each patient in turn, as a clinic records them), and a new Projector follows them through its
 * subscription from its checkpoints, the path of events arriving after the read models are built, in
 * batches of `--batch` events. Small batches are what a projector meets under light load.
 *
 * Baseline, same round: the same events read from the store in pages of the same size (the least any
 * follower must do). The projector's CPU time per event is printed too (the process's, during the catch-up).
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/live-projector.ts \
 *     [--patients=1000] [--months=2] [--batches=500,10] [--rounds=3]
 */
import { join } from 'node:path';
import { MAX_PAGE_SIZE, SqliteEventStore, type GlobalPosition, type RecordedEvent } from '@ccm/event-store';
import { ALL_PROJECTIONS, Projector, SqliteReadModelStore } from '@ccm/projections';
import { isPatientStream } from '@ccm/patient-months';
import {
  appendRounds,
  interleavedRounds,
  seededClinicEvents,
} from '../libs/projections/src/testing/seeded-clinic-events';
import { argValue, median, now, numberArg, peakRssMb, tempDir } from './lib/measure';
import { printRows, row, type BenchRow } from './lib/report';

const QUIET = { versionCheckMs: 60_000, silenceCheckMs: 60_000, idleFlushMs: 5 };

interface Round {
  /** Every read model built from nothing by a projector started on the whole store. */
  readonly buildMs: number;
  readonly projectorMs: number;
  readonly cpuMs: number;
  readonly readMs: number;
  readonly events: number;
}

async function round(
  seeded: readonly RecordedEvent[],
  batch: number,
  dir: string,
  n: number,
): Promise<Round> {
  const events = new SqliteEventStore({ filename: join(dir, `events-${n}.sqlite`), pollIntervalMs: 5 });
  const readModels = new SqliteReadModelStore({ filename: join(dir, `rm-${n}.sqlite`) });
  const rounds = interleavedRounds(seeded);
  const whole = new SqliteEventStore({ filename: join(dir, `whole-${n}.sqlite`), pollIntervalMs: 5 });
  const builtModels = new SqliteReadModelStore({ filename: join(dir, `built-${n}.sqlite`) });
  await appendRounds(whole, rounds);
  const building = new Projector({
    eventStore: whole,
    readModels: builtModels,
    projections: ALL_PROJECTIONS,
    ...QUIET,
  });
  const buildStarted = now();
  building.start();
  await building.waitUntilCaughtUp(600_000);
  const buildMs = now() - buildStarted;
  await building.stop();
  await whole.close();
  await builtModels.close();
  const practiceRounds = rounds.filter((r) => !isPatientStream(r[0][0]));
  await appendRounds(events, practiceRounds);
  const first = new Projector({ eventStore: events, readModels, projections: ALL_PROJECTIONS, ...QUIET });
  first.start();
  await first.waitUntilCaughtUp(60_000);
  await first.stop();
  const { lastPosition: from } = await events.readAll({ maxCount: MAX_PAGE_SIZE });
  await appendRounds(
    events,
    rounds.filter((r) => isPatientStream(r[0][0])),
  );
  const patientEvents = seeded.filter(isPatientStream).length;

  // Every read model counts every event it moves past.
  const target = patientEvents * ALL_PROJECTIONS.length;
  let applied = 0;
  let reached!: () => void;
  const allApplied = new Promise<void>((resolve) => (reached = resolve));
  const projector = new Projector({
    eventStore: events,
    readModels,
    projections: ALL_PROJECTIONS,
    batchSize: batch,
    ...QUIET,
    onBatch: (b) => {
      applied += b.events;
      if (applied >= target) reached();
    },
  });
  const cpu = process.cpuUsage();
  const started = now();
  projector.start();
  await allApplied;
  const projectorMs = now() - started;
  const used = process.cpuUsage(cpu);
  await projector.stop();

  const readStarted = now();
  let read = 0;
  for (let after: GlobalPosition | undefined = from; ;) {
    const page = await events.readAll({ after, maxCount: batch });
    read += page.events.length;
    after = page.lastPosition ?? after;
    if (page.isEnd) break;
  }
  const readMs = now() - readStarted;
  if (read !== patientEvents) throw new Error(`read ${read} events, appended ${patientEvents}`);
  await events.close();
  await readModels.close();
  return { buildMs, projectorMs, cpuMs: (used.user + used.system) / 1000, readMs, events: patientEvents };
}

async function main(): Promise<void> {
  const patients = numberArg('patients', 1000);
  const months = numberArg('months', 2);
  const rounds = numberArg('rounds', 3);
  const batches = (argValue('batches') ?? '500,10').split(',').map(Number);
  const seeded = await seededClinicEvents({
    practiceId: 'bench-clinic',
    patients,
    months,
    seed: 11,
    lastDay: '2026-03-31',
  });
  const dir = tempDir('ccm-live-projector-');
  const rows: BenchRow[] = [];
  try {
    let n = 0;
    for (const batch of batches) {
      const results: Round[] = [];
      for (let i = 0; i < rounds; i++) results.push(await round(seeded, batch, dir.path, n++));
      const events = results[0].events;
      const all = seeded.length;
      if (batch === batches[0])
        rows.push(
          row({
            bench: 'live-projector',
            figure: 'every read model built from nothing by a projector',
            value: median(results.map((r) => all / (r.buildMs / 1000))),
            unit: 'events/s',
            baselineLabel: 'reading the patient events',
            baseline: median(results.map((r) => events / (r.readMs / 1000))),
            better: 'higher',
            rssMb: peakRssMb(),
            detail: `${all} events; rounds ${results.map((r) => Math.round(all / (r.buildMs / 1000))).join(', ')} events/s`,
          }),
        );
      const rate = median(results.map((r) => events / (r.projectorMs / 1000)));
      const readRate = median(results.map((r) => events / (r.readMs / 1000)));
      const cpuPerEvent = median(results.map((r) => (r.cpuMs * 1000) / events));
      rows.push(
        row({
          bench: 'live-projector',
          figure: `every read model follows live, batches of ${batch}`,
          value: rate,
          unit: 'events/s',
          baselineLabel: 'reading the same events',
          baseline: readRate,
          better: 'higher',
          rssMb: peakRssMb(),
          detail: `${events} events of ${patients} patients; CPU ${cpuPerEvent.toFixed(0)} µs an event; rounds ${results.map((r) => Math.round(events / (r.projectorMs / 1000))).join(', ')} events/s`,
        }),
      );
    }
  } finally {
    dir.remove();
  }
  printRows(rows);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
