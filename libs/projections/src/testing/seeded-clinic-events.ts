import {
  InMemoryEventStore,
  MAX_PAGE_SIZE,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@ccm/event-store';
import { PatientRecords, PracticeRecords } from '@ccm/record';
import { seedClinic, type ClinicOptions } from '@ccm/synthetic-clinic';
import { isPatientStream } from '@ccm/patient-months';

/** A synthetic clinic seeded through the real command path, in memory: every event, in store order. */
export async function seededClinicEvents(options: ClinicOptions): Promise<RecordedEvent[]> {
  const memory = new InMemoryEventStore();
  const clock = { now: () => new Date('2026-04-01T15:00:00Z') };
  const practices = new PracticeRecords(memory, clock);
  const patients = new PatientRecords(memory, practices, clock);
  await seedClinic({ practices, patients, clock, store: memory }, options);
  const events: RecordedEvent[] = [];
  for (let after: GlobalPosition | undefined; ;) {
    const page = await memory.readAll({ after, maxCount: MAX_PAGE_SIZE });
    events.push(...page.events);
    after = page.lastPosition ?? after;
    if (page.isEnd) return events;
  }
}

/** Runs of consecutive events of one stream, as the generator seeds them (one patient after another). */
export function streamRuns(events: readonly RecordedEvent[]): RecordedEvent[][] {
  const runs: RecordedEvent[][] = [];
  for (const e of events) {
    const run = runs[runs.length - 1];
    if (run && run[0].streamId === e.streamId) run.push(e);
    else runs.push([e]);
  }
  return runs;
}

/**
 * The same events as a clinic records them: one event of each patient in turn (many patients a day, each
 * a few times a month). Rounds of runs: the non-patient streams (the practice) first, a run per round,
 * then a round per step, holding the next event of every patient that has one. Each stream keeps its order.
 */
export function interleavedRounds(events: readonly RecordedEvent[]): RecordedEvent[][][] {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const e of events.filter(isPatientStream)) {
    const stream = byStream.get(e.streamId);
    if (stream) stream.push(e);
    else byStream.set(e.streamId, [e]);
  }
  const rounds: RecordedEvent[][][] = streamRuns(events.filter((e) => !isPatientStream(e))).map((run) => [
    run,
  ]);
  for (let i = 0; ; i++) {
    const round = [...byStream.values()].flatMap((stream) => (i < stream.length ? [[stream[i]]] : []));
    if (round.length === 0) return rounds;
    rounds.push(round);
  }
}

/** Appends rounds of runs (interleavedRounds, or one run a round), each run one append continuing its stream. */
export async function appendRounds(store: EventStore, rounds: readonly RecordedEvent[][][]): Promise<void> {
  for (const round of rounds) {
    await Promise.all(
      round.map((run) =>
        store.append(
          run[0].streamId,
          run.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata })),
          run[0].revision === 0n ? 'no_stream' : run[0].revision - 1n,
        ),
      ),
    );
  }
}
