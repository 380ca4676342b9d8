/**
 * Scale: seeds synthetic clinics of 1k and 10k patients (100k with --full) into SQLite through the real
 * command path (seedClinic: load, fold, decide, append with the revision read, one command at a time),
 * and reports events/s and peak RSS at each size. Each size runs in its own process, so its RSS is its own.
 *
 * Baseline, same run and same process: the same events re-appended into a fresh store exactly as they
 * were appended (one append per command, same expected revisions), without the command path: what the
 * store alone costs.
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/seed-growth.ts \
 *     [--sizes=1000,10000] [--full] [--months=1] [--sync=NORMAL]
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore, type GlobalPosition, type NewEvent, type RecordedEvent } from '@ccm/event-store';
import { PatientRecords, PracticeRecords, type Clock } from '@ccm/record';
import { seedClinic } from '@ccm/synthetic-clinic';
import { runTs } from './lib/child';
import { argValue, fmt, fmtInt, now, numberArg, peakRssMb, tempDir } from './lib/measure';
import { log, printRows, row, type BenchRow } from './lib/report';

const SIZE_RESULT = 'SEED_SIZE_JSON ';

interface SizeResult {
  readonly patients: number;
  readonly months: number;
  readonly sync: string;
  readonly commands: number;
  readonly events: number;
  readonly refused: number;
  readonly seedSeconds: number;
  readonly eventsPerSecond: number;
  readonly storeOnlyEventsPerSecond: number;
  readonly fileBytes: number;
  readonly peakRssMb: number;
  readonly heapUsedMb: number;
}

/** Re-appends every event of `from` into `to`, one append per original command; returns ms spent appending. */
async function reappend(
  from: SqliteEventStore,
  to: SqliteEventStore,
): Promise<{ events: number; ms: number }> {
  let after: GlobalPosition | undefined;
  let events = 0;
  let ms = 0;
  let group: RecordedEvent[] = [];
  const flush = async () => {
    if (group.length === 0) return;
    const first = group[0].revision;
    const batch: NewEvent[] = group.map((e) => ({
      id: e.id,
      type: e.type,
      data: e.data,
      metadata: e.metadata,
    }));
    const started = now();
    await to.append(group[0].streamId, batch, first === 0n ? 'no_stream' : first - 1n);
    ms += now() - started;
    events += group.length;
    group = [];
  };
  for (;;) {
    const page = await from.readAll({ after, maxCount: 4096 });
    for (const event of page.events) {
      const previous = group[group.length - 1];
      // One command's events are consecutive, on one stream, under one correlation id.
      if (
        previous &&
        (previous.streamId !== event.streamId ||
          previous.metadata.correlationId !== event.metadata.correlationId)
      )
        await flush();
      group.push(event);
    }
    after = page.lastPosition;
    if (page.isEnd) break;
  }
  await flush();
  return { events, ms };
}

/** One size, in this process: seed through the command path, then the store-only baseline. */
async function runSize(patients: number, months: number, sync: 'FULL' | 'NORMAL'): Promise<SizeResult> {
  const dir = tempDir('seed');
  try {
    const filename = join(dir.path, 'events.sqlite');
    const store = new SqliteEventStore({ filename, synchronous: sync });
    const clock: Clock = { now: () => new Date('2026-03-31T17:00:00Z') };
    const practices = new PracticeRecords(store, clock);
    const records = { practices, patients: new PatientRecords(store, practices, clock), clock };
    let lastReport = now();
    const started = now();
    const report = await seedClinic(
      records,
      { practiceId: 'growth', patients, months, seed: 11, lastDay: '2026-03-30' },
      (done, commands) => {
        if (now() - lastReport > 10_000) {
          lastReport = now();
          log(
            `seed ${patients}: ${done} patients, ${commands} commands, ${fmt((now() - started) / 1000, 0)} s`,
          );
        }
      },
    );
    const seedMs = now() - started;
    const copy = new SqliteEventStore({ filename: join(dir.path, 'copy.sqlite'), synchronous: sync });
    const baseline = await reappend(store, copy);
    await copy.close();
    await store.close();
    const refused = Object.values(report.refused).reduce((a, b) => a + b, 0);
    if (baseline.events === 0) throw new Error('the seeded store is empty');
    return {
      patients,
      months,
      sync,
      commands: report.commands,
      events: baseline.events,
      refused,
      seedSeconds: seedMs / 1000,
      eventsPerSecond: baseline.events / (seedMs / 1000),
      storeOnlyEventsPerSecond: baseline.events / (baseline.ms / 1000),
      fileBytes: statSync(filename).size,
      peakRssMb: peakRssMb(),
      heapUsedMb: process.memoryUsage().heapUsed / (1024 * 1024),
    };
  } finally {
    dir.remove();
  }
}

function parseSizes(): number[] {
  const listed = (argValue('sizes') ?? '1000,10000').split(',').map((s) => Number(s.trim()));
  if (listed.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('--sizes must list whole numbers');
  return argValue('full') !== undefined && !listed.includes(100_000) ? [...listed, 100_000] : listed;
}

async function orchestrate(): Promise<void> {
  const sizes = parseSizes();
  const months = numberArg('months', 1);
  const sync = (argValue('sync') ?? 'NORMAL').toUpperCase();
  process.stdout.write(
    `seed-growth: synthetic clinics of ${sizes.map(fmtInt).join(', ')} patients, ${months} month(s) of history each, ` +
      `SQLite synchronous=${sync}, one process per size\n`,
  );
  const results: SizeResult[] = [];
  for (const size of sizes) {
    log(`seed-growth: ${fmtInt(size)} patients...`);
    const run = await runTs(
      __filename,
      [`--size=${size}`, `--months=${months}`, `--sync=${sync}`],
      6 * 3600_000,
      (chunk, stream) => {
        if (stream === 'stderr') process.stderr.write(chunk);
      },
    );
    const line = run.stdout.split('\n').find((l) => l.startsWith(SIZE_RESULT));
    if (run.code !== 0 || !line)
      throw new Error(`size ${size} failed (${run.code}): ${run.stderr.slice(-2000)}`);
    const result = JSON.parse(line.slice(SIZE_RESULT.length)) as SizeResult;
    results.push(result);
    process.stdout.write(
      `  ${fmtInt(result.patients)} patients: ${fmtInt(result.commands)} commands, ${fmtInt(result.events)} events ` +
        `in ${fmt(result.seedSeconds, 1)} s = ${fmtInt(result.eventsPerSecond)} events/s through the command path; ` +
        `store only ${fmtInt(result.storeOnlyEventsPerSecond)} events/s; refused ${result.refused}; ` +
        `file ${fmt(result.fileBytes / 2 ** 20, 1)} MiB (${fmt(result.fileBytes / result.events, 0)} B/event); ` +
        `peak RSS ${fmt(result.peakRssMb, 0)} MiB, heap after ${fmt(result.heapUsedMb, 0)} MiB\n`,
    );
  }
  const smallest = results[0];
  const rows: BenchRow[] = results.map((r) =>
    row({
      bench: 'seed-growth',
      figure: `seed ${fmtInt(r.patients)} patients × ${r.months} month(s), synchronous=${r.sync}: events/s through the command path`,
      value: r.eventsPerSecond,
      unit: 'events/s',
      baselineLabel: 'same events re-appended, store only',
      baseline: r.storeOnlyEventsPerSecond,
      better: 'higher',
      rssMb: r.peakRssMb,
      detail:
        `${fmtInt(r.events)} events from ${fmtInt(r.commands)} commands in ${fmt(r.seedSeconds, 1)} s; ` +
        (r === smallest
          ? 'smallest size: the scale reference'
          : `${fmt(r.eventsPerSecond / smallest.eventsPerSecond)}× the ${fmtInt(smallest.patients)}-patient rate, ` +
            `RSS ${fmt(r.peakRssMb / smallest.peakRssMb)}× its RSS`) +
        `; file ${fmt(r.fileBytes / 2 ** 20, 0)} MiB`,
    }),
  );
  printRows(rows);
}

async function main(): Promise<void> {
  const size = argValue('size');
  if (size === undefined) return orchestrate();
  const sync = (argValue('sync') ?? 'NORMAL').toUpperCase();
  if (sync !== 'FULL' && sync !== 'NORMAL') throw new Error('--sync must be FULL or NORMAL');
  const result = await runSize(Number(size), numberArg('months', 1), sync);
  process.stdout.write(`${SIZE_RESULT}${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `seed-growth benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
