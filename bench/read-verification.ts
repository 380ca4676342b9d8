/**
 * What checking the hash chain costs a read of a patient (issue 15, "refuse to serve a broken chain"),
 * against the same reads without the check, measured in the same run, variants interleaved:
 *
 * - warm read, nothing new: the record is cached and unchanged since; nothing is left to check.
 * - warm read: the record is cached (a process that has served it before) and another writer has added
 *   one event since, as between two GET /patients/{id} on a busy record; the read checks that event only.
 * - cold read: the first read of the record in a process (empty cache), the whole stream checked.
 * - history: GET /patients/{id}/history, which replays the stream from the store and checks all of it
 *   every time (it serves the stored events themselves, see libs/audit/src/replay.ts).
 *
 * The baselines are the same code paths without the checks: loadStream as it was (read the events after
 * the cached revision, fold them) and the replay as it was (read, fold up to the instant). The clinic is a
 * seeded synthetic one (real deciders and envelopes, so the chains are genuine) in a SQLite file.
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/read-verification.ts [--patients=200] [--months=12] [--rounds=5]
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { replayPatientAsOf } from '@ccm/audit';
import {
  foldPatient,
  initialPatientState,
  patientStreamId,
  type PatientEvent,
  type PatientState,
} from '@ccm/domain';
import { SqliteEventStore, type EventStore } from '@ccm/event-store';
import {
  GENESIS_HASH,
  loadStream,
  PatientRecords,
  PracticeRecords,
  readStreamPaged,
  StreamStateCache,
  toPatientEvent,
  type Clock,
  type LoadedStream,
} from '@ccm/record';
import { planClinic, seedClinic } from '@ccm/synthetic-clinic';
import { fmt, median, now, numberArg, peakRssMb, percentile, tempDir } from './lib/measure';
import { log, printRows, row } from './lib/report';

const PRACTICE = 'verify';
const NOW = new Date('2026-03-31T17:00:00Z');

/** loadStream before the chain check: the events after the cached revision, folded, nothing checked. */
async function loadUnchecked(
  store: EventStore,
  streamId: string,
  cache: StreamStateCache<PatientState>,
): Promise<LoadedStream<PatientState>> {
  const cached = cache.get(streamId);
  let revision = cached?.revision ?? -1;
  let lastHash = cached?.lastHash ?? GENESIS_HASH;
  const events: PatientEvent[] = [];
  for await (const recorded of readStreamPaged(store, streamId, BigInt(revision + 1))) {
    const event = toPatientEvent(recorded);
    if (event) events.push(event);
    revision = Number(recorded.revision);
    lastHash = typeof recorded.metadata.hash === 'string' ? recorded.metadata.hash : lastHash;
  }
  const from = cached?.state ?? initialPatientState;
  const loaded = { state: events.length > 0 ? foldPatient(events, from) : from, revision, lastHash };
  cache.set(streamId, loaded);
  return loaded;
}

const loadChecked = (store: EventStore, streamId: string, cache: StreamStateCache<PatientState>) =>
  loadStream(store, streamId, initialPatientState, foldPatient, toPatientEvent, cache);

/** replayPatientAsOf before the chain check. */
async function replayUnchecked(store: EventStore, streamId: string, asOf: Date): Promise<number> {
  const limit = asOf.toISOString();
  const events: PatientEvent[] = [];
  let revision = -1;
  for await (const event of readStreamPaged(store, streamId)) {
    if (String(event.metadata.recordedAt ?? '') > limit) break;
    const domainEvent = toPatientEvent(event);
    if (domainEvent) events.push(domainEvent);
    revision = Number(event.revision);
  }
  foldPatient(events);
  return revision;
}

interface Timings {
  readonly checked: number[];
  readonly unchecked: number[];
}

const stats = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: median(sorted),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
};

async function main(): Promise<void> {
  const patients = numberArg('patients', 200);
  const months = numberArg('months', 12);
  const rounds = numberArg('rounds', 5);
  const dir = tempDir('read-verification');
  const store = new SqliteEventStore({ filename: join(dir.path, 'events.sqlite'), synchronous: 'NORMAL' });
  const clock: Clock = { now: () => NOW };
  try {
    log(`read-verification: seeding ${patients} patients, ${months} months each...`);
    const practices = new PracticeRecords(store, clock);
    const writer = new PatientRecords(store, practices, clock);
    await seedClinic(
      { practices, patients: writer, clock },
      { practiceId: PRACTICE, patients, months, seed: 11, lastDay: '2026-03-30' },
    );
    const ids = [
      ...planClinic({ practiceId: PRACTICE, patients, months, seed: 11, lastDay: '2026-03-30' }),
    ].map((p) => p.patientId);
    const streams = ids.map((id) => patientStreamId(PRACTICE, id));
    let events = 0;
    for (const streamId of streams) for await (const _ of readStreamPaged(store, streamId)) events++;
    process.stdout.write(
      `read-verification: ${patients} patients, ${events} events (${fmt(events / patients, 1)} a patient); ` +
        `${rounds} rounds, checked and unchecked reads interleaved, order alternating\n`,
    );

    const unchanged: Timings = { checked: [], unchecked: [] };
    const warm: Timings = { checked: [], unchecked: [] };
    const cold: Timings = { checked: [], unchecked: [] };
    const history: Timings = { checked: [], unchecked: [] };
    const checkedCache = new StreamStateCache<PatientState>();
    const uncheckedCache = new StreamStateCache<PatientState>();
    for (const streamId of streams) {
      await loadChecked(store, streamId, checkedCache);
      await loadUnchecked(store, streamId, uncheckedCache);
    }
    const time = async (into: number[], read: () => Promise<unknown>) => {
      const started = now();
      await read();
      into.push(now() - started);
    };
    const pair = async (
      t: Timings,
      checked: () => Promise<unknown>,
      unchecked: () => Promise<unknown>,
      flip: boolean,
    ) => {
      if (flip) {
        await time(t.unchecked, unchecked);
        await time(t.checked, checked);
      } else {
        await time(t.checked, checked);
        await time(t.unchecked, unchecked);
      }
    };
    const nurse = { userId: 'rn-bench', role: 'care_manager' as const, practiceId: PRACTICE };
    for (let round = 0; round < rounds; round++) {
      log(`read-verification: round ${round + 1} of ${rounds}`);
      for (const [i, streamId] of streams.entries()) {
        const flip = (round + i) % 2 === 1;
        // Nothing new since the last read: the read asks the store for events after the cached head.
        await pair(
          unchanged,
          () => loadChecked(store, streamId, checkedCache),
          () => loadUnchecked(store, streamId, uncheckedCache),
          flip,
        );
        // Another writer adds an event (a contact) that neither cache has seen.
        await writer.execute(
          ids[i],
          {
            type: 'RecordContact',
            data: {
              contactId: randomUUID(),
              channel: 'phone',
              direction: 'outbound',
              party: 'patient',
              occurredAt: '2026-03-30T10:00',
              outcome: 'reached',
              summary: 'Check-in',
            },
          },
          { actor: nurse, correlationId: 'bench', causationId: 'bench' },
        );
        await pair(
          warm,
          () => loadChecked(store, streamId, checkedCache),
          () => loadUnchecked(store, streamId, uncheckedCache),
          flip,
        );
        await pair(
          cold,
          () => loadChecked(store, streamId, new StreamStateCache()),
          () => loadUnchecked(store, streamId, new StreamStateCache()),
          flip,
        );
        await pair(
          history,
          () => replayPatientAsOf(store, PRACTICE, ids[i], NOW),
          () => replayUnchecked(store, streamId, NOW),
          flip,
        );
      }
    }

    const figure = (name: string, t: Timings, detail: string) => {
      const checked = stats(t.checked);
      const unchecked = stats(t.unchecked);
      process.stdout.write(
        `  ${name}: checked median ${fmt(checked.median, 3)} ms (p99 ${fmt(checked.p99, 3)}), ` +
          `unchecked median ${fmt(unchecked.median, 3)} ms (p99 ${fmt(unchecked.p99, 3)}); ` +
          `ratio of medians ${fmt(checked.median / unchecked.median)}×, of means ${fmt(checked.mean / unchecked.mean)}×\n`,
      );
      return row({
        bench: 'read-verification',
        figure: `read of a patient with its chain checked: ${name}`,
        value: checked.median,
        unit: 'ms',
        baselineLabel: 'the same read unchecked',
        baseline: unchecked.median,
        better: 'lower',
        rssMb: peakRssMb(),
        detail: `${detail}; median of ${t.checked.length}; p99 ${fmt(checked.p99, 3)} against ${fmt(unchecked.p99, 3)} ms`,
      });
    };
    const perPatient = fmt(events / patients, 0);
    printRows([
      figure(
        'warm (cached record, nothing new)',
        unchanged,
        'GET /patients/{id} read again: nothing to check',
      ),
      figure(
        'warm (cached record, one new event)',
        warm,
        'GET /patients/{id} on a busy record: one event checked',
      ),
      figure('cold (first read in the process)', cold, `whole stream checked, ~${perPatient} events`),
      figure(
        'history (replayed from the store)',
        history,
        `whole stream checked every time, ~${perPatient} events`,
      ),
    ]);
    process.stdout.write(`peak RSS: ${fmt(peakRssMb(), 0)} MiB\n`);
  } finally {
    await store.close();
    dir.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `read-verification benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
