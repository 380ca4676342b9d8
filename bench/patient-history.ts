/**
 * What a command costs as a patient's history grows, for a patient who already has 10, 100, 1,000 and
 * 2,000 time entries (twenty a month: 2,000 is eight years of heavy care), against the patient with 10
 * measured in the same rounds:
 *  - LogTime through the record library (load from the state cache, decide, envelope, append to a SQLite
 *    store, fold into the cache), µs per command;
 *  - the read models keeping up with those commands as the live projector does under light load: every
 *    read model, one event a batch, into a SQLite read-model store, µs per event.
 * A patient in care for years has thousands of entries; neither cost should grow with them.
 *
 * With `--history=readings` the history is blood pressures, one a day (a patient on remote monitoring),
 * and the commands record more of them.
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/patient-history.ts \
 *     [--sizes=10,100,1000,2000] [--commands=100] [--rounds=5] [--history=time|readings]
 */
import { join } from 'node:path';
import { SqliteEventStore, type GlobalPosition } from '@ccm/event-store';
import { ALL_PROJECTIONS, projectBatch, SqliteReadModelStore, type VersionRef } from '@ccm/projections';
import type { PatientCommand } from '@ccm/domain';
import type { PatientRecords } from '@ccm/record';
import {
  ADMIN,
  contextOf,
  enrolPlainPatient,
  NURSE,
  nurseTime,
  registerSmallPractice,
} from '../libs/record/src/testing/small-practice';
import { argValue, median, now, numberArg, peakRssMb, tempDir } from './lib/measure';
import { printRows, row, type BenchRow } from './lib/report';

const clock = { now: () => new Date('2026-03-31T17:00:00Z') };
const FIRST_DAY = Date.UTC(2015, 0, 1);

/** Entry `n` of a patient: two every three days from 2015 on, about twenty a month (2,100 end in 2023). */
function entry(patientId: string, n: number): PatientCommand {
  const command = nurseTime(`${patientId}-e${n}`, '', 10);
  if (command.type !== 'LogTime') throw new Error('nurseTime is a LogTime');
  const day = new Date(FIRST_DAY + Math.floor(n * 1.5) * 86_400_000).toISOString().slice(0, 10);
  const minutes = 9 * 60 + (n % 2) * 60;
  const startTime = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return { ...command, data: { ...command.data, serviceDate: day, startTime } };
}

/** Reading `n` of a patient on remote monitoring: a blood pressure a day from 2015 on. */
function reading(patientId: string, n: number): PatientCommand {
  const day = new Date(FIRST_DAY + n * 86_400_000).toISOString().slice(0, 10);
  return {
    type: 'RecordObservation',
    data: {
      observationId: `${patientId}-o${n}`,
      takenAt: `${day}T08:00`,
      measurement: { kind: 'blood_pressure', systolicMmHg: 120 + (n % 30), diastolicMmHg: 80 },
      source: { type: 'staff' },
    },
  };
}

/** What a patient's history is made of: `--history=time` (time entries, the default) or `readings`. */
const HISTORY = argValue('history') === 'readings' ? reading : entry;
const KIND = HISTORY === reading ? 'readings' : 'time entries';
const COMMAND = HISTORY === reading ? 'RecordObservation' : 'LogTime';

async function logOrFail(patients: PatientRecords, patientId: string, n: number): Promise<void> {
  const outcome = await patients.execute(patientId, HISTORY(patientId, n), contextOf(NURSE));
  if (outcome.alreadyApplied) throw new Error(`entry ${n} of ${patientId} was already applied`);
}

/** Every read model, kept up with the event store from where it last stopped, in batches of `batch`. */
class ReadModels {
  private after: GlobalPosition | undefined;
  private readonly checkpoints = new Map<string, string | null>();

  constructor(
    private readonly events: SqliteEventStore,
    private readonly store: SqliteReadModelStore,
  ) {}

  async catchUp(batch: number): Promise<number> {
    let projected = 0;
    for (;;) {
      const page = await this.events.readAll({ after: this.after, maxCount: batch });
      for (const projection of ALL_PROJECTIONS) {
        const ref = await this.refOf(projection.name, projection.layout);
        const checkpoint = await projectBatch({
          store: this.store,
          ref,
          projection,
          events: page.events,
          expectedCheckpoint: this.checkpoints.get(projection.name) ?? null,
        });
        this.checkpoints.set(projection.name, checkpoint);
      }
      projected += page.events.length;
      this.after = page.lastPosition ?? this.after;
      if (page.isEnd) return projected;
    }
  }

  private async refOf(projection: string, layout: number): Promise<VersionRef> {
    const version =
      (await this.store.activeVersion(projection)) ?? (await this.store.createVersion(projection, layout));
    return { projection, version };
  }
}

async function main(): Promise<void> {
  const sizes = (argValue('sizes') ?? '10,100,1000,2000').split(',').map(Number);
  const commands = numberArg('commands', 100);
  const rounds = numberArg('rounds', 5);
  const dir = tempDir('patient-history');
  const store = new SqliteEventStore({ filename: join(dir.path, 'events.sqlite'), synchronous: 'NORMAL' });
  const readModelStore = new SqliteReadModelStore({ filename: join(dir.path, 'read-models.sqlite') });
  const readModels = new ReadModels(store, readModelStore);
  try {
    const { patients } = await registerSmallPractice(store, clock);
    // Each round gives every size a new patient, so a patient's history is its size when measured, and
    // the rounds interleave the sizes, so drift on a noisy machine falls on all of them alike.
    const micros = new Map<number, number[]>(sizes.map((s) => [s, []]));
    const projectorMicros = new Map<number, number[]>(sizes.map((s) => [s, []]));
    for (let round = 0; round < rounds; round++) {
      for (const size of sizes) {
        const patientId = `pt-${size}-r${round}`;
        await patients.execute(patientId, enrolPlainPatient(patientId), contextOf(ADMIN));
        for (let n = 0; n < size; n++) await logOrFail(patients, patientId, n);
        await readModels.catchUp(500);
        const started = now();
        for (let n = size; n < size + commands; n++) await logOrFail(patients, patientId, n);
        micros.get(size)?.push(((now() - started) * 1000) / commands);
        const projecting = now();
        const projected = await readModels.catchUp(1);
        projectorMicros.get(size)?.push(((now() - projecting) * 1000) / projected);
      }
    }
    const baseline = median(micros.get(sizes[0]) ?? []);
    const projectorBaseline = median(projectorMicros.get(sizes[0]) ?? []);
    const projectorRows: BenchRow[] = sizes.map((size) =>
      row({
        bench: 'patient-history',
        figure: `read models kept up with a patient of ${size.toLocaleString('en-US')} ${KIND}: µs per event`,
        value: median(projectorMicros.get(size) ?? []),
        unit: 'µs',
        baselineLabel: `a patient with ${sizes[0]} ${KIND}`,
        baseline: projectorBaseline,
        better: 'lower',
        rssMb: peakRssMb(),
        detail: `median of ${rounds} rounds of ${commands} events, each its own batch into every read model (${(projectorMicros.get(size) ?? []).map((m) => Math.round(m)).join(', ')} µs); SQLite read-model store`,
      }),
    );
    const commandRows: BenchRow[] = sizes.map((size) =>
      row({
        bench: 'patient-history',
        figure: `${COMMAND} for a patient with ${size.toLocaleString('en-US')} ${KIND}: µs per command`,
        value: median(micros.get(size) ?? []),
        unit: 'µs',
        baselineLabel: `a patient with ${sizes[0]} ${KIND}`,
        baseline,
        better: 'lower',
        rssMb: peakRssMb(),
        detail: `median of ${rounds} rounds of ${commands} commands (${(micros.get(size) ?? []).map((m) => Math.round(m)).join(', ')} µs); record library on SQLite, synchronous=NORMAL`,
      }),
    );
    printRows([...commandRows, ...projectorRows]);
  } finally {
    await readModelStore.close();
    await store.close();
    dir.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
