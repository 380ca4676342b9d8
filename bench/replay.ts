/**
 * Replay of one patient with 1,000 events: read the stream, fold it with the domain's foldPatient and
 * verify its hash chain (verifyStream after a load, or replayVerifiedPatient in one read); milliseconds per
 * replay, median of N runs, against the baseline of just reading the 1,000 rows through the store. Every
 * load starts from an empty state cache (a cached state would make it a no-op), and the event-by-event
 * evolvePatient fold (a new state for every event; its lists are copied on every event) is measured alongside.
 *
 * The stream is built with the real decider and the record library's envelope (so the chain is genuine),
 * each command decided on the state folded so far rather than reloaded (building it stays linear).
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/replay.ts [--events=1000] [--runs=10] [--keep]
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { replayVerifiedPatient, verifyStream } from '@ccm/audit';
import {
  decidePatient,
  evolvePatient,
  foldPatient,
  initialPatientState,
  localDateTimeAt,
  occurredAtOf,
  patientStreamId,
  type Actor,
  type PatientCommand,
  type PatientEvent,
  type PatientState,
} from '@ccm/domain';
import { SqliteEventStore } from '@ccm/event-store';
import {
  envelope,
  GENESIS_HASH,
  PatientRecords,
  PracticeRecords,
  readStreamPaged,
  toPatientEvent,
  type Clock,
} from '@ccm/record';
import { planClinic, practiceCommand } from '@ccm/synthetic-clinic';
import { fmt, hasFlag, median, now, numberArg, peakRssMb, percentile, tempDir } from './lib/measure';
import { log, printRows, row } from './lib/report';

const PRACTICE = 'replay';
const TIME_ZONE = 'America/Chicago';

/** Local dates from May 2025 to March 2026, the months after the patient's enrolment in April 2025. */
function serviceDay(n: number): string {
  const month = 5 + (n % 11); // 5..15
  const year = month > 12 ? 2026 : 2025;
  const m = String(((month - 1) % 12) + 1).padStart(2, '0');
  return `${year}-${m}-${String(1 + (n % 28)).padStart(2, '0')}`;
}

/** After enrolment: mostly time entries, a quarter contacts, a few corrections, as a care team logs. */
function followUp(n: number, patientId: string, loggedEntries: readonly string[]): PatientCommand {
  const day = serviceDay(n);
  const start = `${String(8 + (n % 9)).padStart(2, '0')}:${String((n % 12) * 5).padStart(2, '0')}`;
  if (n % 20 === 19 && loggedEntries.length > 0) {
    return {
      type: 'CorrectTime',
      data: {
        entryId: loggedEntries[loggedEntries.length - 1],
        minutes: 30 + (n % 7),
        reason: 'Duration corrected from the call log',
      },
    };
  }
  if (n % 4 === 3) {
    return {
      type: 'RecordContact',
      data: {
        contactId: `${patientId}-contact-${n}`,
        channel: 'phone',
        direction: 'outbound',
        party: 'patient',
        occurredAt: `${day}T${start}`,
        outcome: 'reached',
        summary: 'Monthly check-in; medications reviewed, no new symptoms',
      },
    };
  }
  return {
    type: 'LogTime',
    data: {
      entryId: `${patientId}-entry-${n}`,
      performerId: 'rn-lopez',
      performerRole: 'clinical_staff',
      program: 'CCM',
      activity: 'care_coordination_call',
      serviceDate: day,
      startTime: start,
      minutes: 5 + (n % 20),
    },
  };
}

/** Records a patient with `target` events and returns its stream id. */
async function buildPatient(store: SqliteEventStore, target: number): Promise<string> {
  const fixed = new Date('2026-03-31T17:00:00Z');
  const clock: Clock = { now: () => fixed };
  const practices = new PracticeRecords(store, clock);
  const records = new PatientRecords(store, practices, clock);
  const admin: Actor = { userId: 'admin-bench', role: 'admin', practiceId: PRACTICE };
  const nurse: Actor = { userId: 'rn-lopez', role: 'care_manager', practiceId: PRACTICE };
  const context = (actor: Actor) => ({ actor, correlationId: randomUUID(), causationId: randomUUID() });
  await practices.execute(practiceCommand(PRACTICE), context(admin));
  const practice = await records.registeredPractice(PRACTICE);
  // The opening of a planned patient's history (enrolment, consent, care plan...) from the synthetic clinic.
  const [plan] = planClinic({ practiceId: PRACTICE, patients: 1, months: 1, seed: 3, lastDay: '2025-04-30' });
  const streamId = patientStreamId(PRACTICE, plan.patientId);
  const opening = plan.steps.filter((s) => s.command.type !== 'LogTime').map((s) => s.command);
  let state: PatientState = initialPatientState;
  let revision = -1;
  let lastHash = GENESIS_HASH;
  const loggedEntries: string[] = [];
  const nowLocal = localDateTimeAt(fixed, TIME_ZONE);
  for (let n = 0; revision + 1 < target; n++) {
    const command = n < opening.length ? opening[n] : followUp(n, plan.patientId, loggedEntries);
    const decision = decidePatient(command, state, { practice, nowLocal, actorId: nurse.userId });
    if (decision.outcome !== 'accepted') {
      throw new Error(
        `building the patient: ${command.type} was ${decision.outcome}: ${JSON.stringify(decision)}`,
      );
    }
    const events: readonly PatientEvent[] = decision.events.slice(0, target - revision - 1);
    const stamped = envelope({
      streamId,
      streamRevision: revision,
      previousHash: lastHash,
      events: events.map((e) => ({ type: e.type, data: e.data, occurredAt: occurredAtOf(e) })),
      context: context(command.type === 'EnrollPatient' ? admin : nurse),
      recordedAt: fixed,
      timeZone: TIME_ZONE,
    });
    await store.append(streamId, stamped, revision < 0 ? 'no_stream' : BigInt(revision));
    state = foldPatient(events, state);
    if (command.type === 'LogTime') loggedEntries.push(command.data.entryId);
    revision += stamped.length;
    lastHash = String(stamped[stamped.length - 1].metadata.hash);
  }
  return streamId;
}

type Variant = { readonly key: string; readonly label: string; readonly run: () => Promise<number> };

async function main(): Promise<void> {
  const target = numberArg('events', 1000);
  const runs = numberArg('runs', 10);
  const warmups = 3;
  const dir = tempDir('replay');
  const filename = join(dir.path, 'events.sqlite');
  const store = new SqliteEventStore({ filename, synchronous: 'NORMAL' });
  const raw = new Database(filename, { readonly: true });
  try {
    log(`replay: recording one patient with ${target} events...`);
    const streamId = await buildPatient(store, target);
    const patientId = streamId.slice(streamId.lastIndexOf('.') + 1);
    const clock: Clock = { now: () => new Date('2026-03-31T17:00:00Z') };
    // A new PatientRecords has an empty StreamStateCache: its load reads and folds the whole stream.
    const freshRecords = () => new PatientRecords(store, new PracticeRecords(store, clock), clock);
    const selectRows = raw.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY revision ASC LIMIT ?');

    // Sanity: the stream is whole, folds to the last revision, and its chain verifies.
    const loaded = await freshRecords().load(PRACTICE, patientId);
    const verified = await verifyStream(store, streamId);
    if (loaded.revision !== target - 1 || !verified.ok || verified.eventsChecked !== target) {
      throw new Error(
        `unexpected stream: revision ${loaded.revision}, verification ${JSON.stringify(verified)}`,
      );
    }
    const types = new Map<string, number>();
    for await (const e of readStreamPaged(store, streamId)) types.set(e.type, (types.get(e.type) ?? 0) + 1);
    const bytes = (
      raw
        .prepare('SELECT SUM(LENGTH(data) + LENGTH(metadata)) AS b FROM events WHERE stream_id = ?')
        .get(streamId) as { b: number }
    ).b;
    process.stdout.write(
      `replay: one patient, ${target} events (${[...types].map(([t, c]) => `${c} ${t}`).join(', ')}), ` +
        `${fmt(bytes / target, 0)} bytes of JSON per event; median of ${runs} runs after ${warmups} warm-ups, variants interleaved\n`,
    );

    const variants: Variant[] = [
      {
        key: 'rows',
        label: 'raw SELECT of the rows (better-sqlite3, no JSON parsing)',
        run: async () => selectRows.all(streamId, target).length,
      },
      {
        key: 'read',
        label: 'read the stream through the store (readStreamPaged)',
        run: async () => {
          let n = 0;
          for await (const _ of readStreamPaged(store, streamId)) n++;
          return n;
        },
      },
      {
        key: 'fold',
        label: 'read + fold + chain check (PatientRecords.load: foldPatient, empty cache)',
        run: async () => (await freshRecords().load(PRACTICE, patientId)).revision + 1,
      },
      {
        key: 'verify',
        label: 'read + verify (verifyStream)',
        run: async () => (await verifyStream(store, streamId)).eventsChecked,
      },
      {
        key: 'product',
        label: 'read + fold, then verifyStream (two reads; load checks the chain too, since issue 15)',
        run: async () => {
          const { revision } = await freshRecords().load(PRACTICE, patientId);
          const result = await verifyStream(store, streamId);
          return Math.min(revision + 1, result.ok ? result.eventsChecked : 0);
        },
      },
      {
        key: 'single',
        label: 'one read, chain check per event, one fold (replayVerifiedPatient)',
        run: async () => {
          const { state, verification } = await replayVerifiedPatient(store, PRACTICE, patientId);
          if (!verification.ok) throw new Error('chain break');
          return Math.min(verification.eventsChecked, state.version);
        },
      },
    ];
    // The event-by-event fold, for comparison: timed after the others, so its garbage does not land in their runs.
    const stepwise: Variant = {
      key: 'evolve',
      label: 'read + fold event by event with evolvePatient (copies every record per event), timed apart',
      run: async () => {
        let state: PatientState = initialPatientState;
        for await (const recorded of readStreamPaged(store, streamId)) {
          const event = toPatientEvent(recorded);
          if (event) state = evolvePatient(state, event);
        }
        return state.version;
      },
    };
    const timings = new Map<string, number[]>([...variants, stepwise].map((v) => [v.key, []]));
    const time = async (variant: Variant, i: number) => {
      const started = now();
      const count = await variant.run();
      const elapsed = now() - started;
      if (count !== target) throw new Error(`${variant.key} saw ${count} events, expected ${target}`);
      if (i >= warmups) timings.get(variant.key)?.push(elapsed);
    };
    for (let i = 0; i < warmups + runs; i++) {
      for (const variant of variants) await time(variant, i);
    }
    for (let i = 0; i < warmups + runs; i++) await time(stepwise, i);
    variants.push(stepwise);
    const stats = (key: string) => {
      const values = [...(timings.get(key) ?? [])].sort((a, b) => a - b);
      return { median: median(values), min: values[0], p90: percentile(values, 90) };
    };
    for (const variant of variants) {
      const s = stats(variant.key);
      process.stdout.write(
        `  ${variant.label}: median ${fmt(s.median)} ms (min ${fmt(s.min)}, p90 ${fmt(s.p90)})\n`,
      );
    }
    const read = stats('read');
    const rows = stats('rows');
    const figure = (key: string, label: string) => {
      const s = stats(key);
      return row({
        bench: 'replay',
        figure: `replay ${target} events: ${label}`,
        value: s.median,
        unit: 'ms',
        baselineLabel: 'read the rows through the store',
        baseline: read.median,
        better: 'lower',
        rssMb: peakRssMb(),
        detail: `median of ${runs}; min ${fmt(s.min)} ms, p90 ${fmt(s.p90)} ms; raw SELECT without parsing ${fmt(rows.median)} ms`,
      });
    };
    process.stdout.write(`peak RSS: ${fmt(peakRssMb(), 0)} MiB\n`);
    printRows([
      figure('product', 'PatientRecords.load (checks the chain) + verifyStream, two reads'),
      figure('single', 'one read, chain check per event + one fold (replayVerifiedPatient)'),
      figure('fold', 'read + fold + chain check (PatientRecords.load)'),
      figure('evolve', 'read + fold event by event (evolvePatient)'),
      figure('verify', 'read + verify only (verifyStream)'),
    ]);
  } finally {
    raw.close();
    await store.close();
    if (hasFlag('keep')) process.stdout.write(`store kept at ${filename}\n`);
    else dir.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `replay benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
