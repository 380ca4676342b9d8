/**
 * Reading a patient's whole audit trail and timeline through the read model (pages of 50, as the api
 * pages them), against the limit: reading the same patient's stream from the event store, whole, in one
 * call. The trail's chunks hold notes; each page reads its events from the stream and checks their chain.
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/audit-trail-reads.ts \
 *     [--patients=2000] [--months=3] [--read=500]
 *
 * The clinic is seeded in memory, stored in a SQLite event store file (a patient's events interleaved
 * with the others', as the api records them) and projected into a SQLite read-model store; `--read`
 * patients are read, best of 5 rounds, each after a full GC.
 */
import { join } from 'node:path';
import { parsePatientStreamId, patientStreamId } from '@ccm/domain';
import { SqliteEventStore, type EventStore } from '@ccm/event-store';
import { ReadModelQueries, SqliteReadModelStore } from '@ccm/projections';
import { projectEvents } from '../libs/projections/src/testing/project-events';
import {
  appendRounds,
  interleavedRounds,
  seededClinicEvents,
} from '../libs/projections/src/testing/seeded-clinic-events';
import { best, fmt, numberArg, peakRssMb, tempDir } from './lib/measure';
import { log, printRows, row } from './lib/report';

const PRACTICE = 'bench-audit';
const ROUNDS = 5;
const PAGE = 50;

async function main(): Promise<void> {
  const patients = numberArg('patients', 2000);
  const months = numberArg('months', 3);
  log(`seeding ${patients} patients × ${months} month(s)...`);
  const seeded = await seededClinicEvents({
    practiceId: PRACTICE,
    patients,
    months,
    seed: 5,
    lastDay: '2026-03-31',
  });
  const dir = tempDir('ccm-bench-audit-');
  const events = new SqliteEventStore({ filename: join(dir.path, 'events.sqlite'), synchronous: 'NORMAL' });
  const store = new SqliteReadModelStore({ filename: join(dir.path, 'read-models.sqlite') });
  try {
    await appendRounds(events, interleavedRounds(seeded));
    log('projecting...');
    await projectEvents(store, seeded, { batchSize: 5000 });
    const ids = [...new Set(seeded.flatMap((e) => parsePatientStreamId(e.streamId)?.patientId ?? []))].slice(
      0,
      numberArg('read', 500),
    );
    const queries = new ReadModelQueries(store, events);
    let entries = 0;
    const walk = async (read: 'auditTrail' | 'timeline') => {
      entries = 0;
      for (const patientId of ids) {
        let cursor: string | undefined;
        do {
          const found = await queries[read](PRACTICE, patientId, { limit: PAGE, cursor });
          if (!found.found) throw new Error(`no ${read} for a seeded patient`);
          entries += found.answer.body.items.length;
          JSON.stringify(found.answer.body);
          cursor = found.answer.body.nextCursor ?? undefined;
        } while (cursor);
      }
    };
    const raw = (source: EventStore) => async () => {
      for (const patientId of ids) {
        const read = await source.readStream(patientStreamId(PRACTICE, patientId), { maxCount: 4096 });
        JSON.stringify(read.map((e) => e.data));
      }
    };
    const rawMs = await best(ROUNDS, raw(events));
    const auditMs = await best(ROUNDS, () => walk('auditTrail'));
    const perPatient = entries / ids.length;
    const timelineMs = await best(ROUNDS, () => walk('timeline'));
    const detail = `${ids.length} patients of ${patients}, ${fmt(perPatient, 1)} entries each, pages of ${PAGE}; best of ${ROUNDS}`;
    const figure = (what: string, ms: number) =>
      row({
        bench: 'audit-trail-reads',
        figure: `${what} of a patient, whole, SQLite: ms a patient`,
        value: ms / ids.length,
        unit: 'ms',
        baselineLabel: "the patient's stream read whole, raw",
        baseline: rawMs / ids.length,
        better: 'lower',
        rssMb: peakRssMb(),
        detail,
      });
    printRows([figure('audit trail', auditMs), figure('timeline', timelineMs)]);
  } finally {
    await store.close();
    await events.close();
    dir.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
