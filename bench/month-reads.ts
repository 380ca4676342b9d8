/**
 * The read of one patient-month (`GET /patients/{id}/months/{month}` without the http layer): the month
 * document, the patient's ledger and the practice read in one round trip, and the month derived again from
 * them (stored-month.ts), on the SQLite read models of a seeded clinic built by a Projector.
 *
 * Baseline, same round: the same three documents read in one round trip and parsed, nothing derived.
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/month-reads.ts \
 *     [--patients=1000] [--months=2] [--rounds=5]
 */
import { join } from 'node:path';
import { SqliteEventStore } from '@ccm/event-store';
import { decodePatientEvent, monthRange, previousMonth } from '@ccm/patient-months';
import { ALL_PROJECTIONS, Projector, ReadModelQueries, SqliteReadModelStore } from '@ccm/projections';
import {
  ledgerKey,
  monthKey,
  PATIENT_MONTHS,
  practiceKey,
} from '../libs/projections/src/patient-months/month-keys';
import {
  appendRounds,
  interleavedRounds,
  seededClinicEvents,
} from '../libs/projections/src/testing/seeded-clinic-events';
import { median, now, numberArg, peakRssMb, tempDir } from './lib/measure';
import { printRows, row } from './lib/report';

const PRACTICE = 'bench-clinic';
const LAST_DAY = '2026-03-31';

async function main(): Promise<void> {
  const patients = numberArg('patients', 1000);
  const months = numberArg('months', 2);
  const rounds = numberArg('rounds', 5);
  const seeded = await seededClinicEvents({
    practiceId: PRACTICE,
    patients,
    months,
    seed: 11,
    lastDay: LAST_DAY,
  });
  const dir = tempDir('ccm-month-reads-');
  const events = new SqliteEventStore({ filename: join(dir.path, 'events.sqlite') });
  const readModels = new SqliteReadModelStore({ filename: join(dir.path, 'read-models.sqlite') });
  try {
    await appendRounds(events, interleavedRounds(seeded));
    const projector = new Projector({ eventStore: events, readModels, projections: ALL_PROJECTIONS });
    projector.start();
    await projector.waitUntilCaughtUp(600_000);
    await projector.stop();

    const queries = new ReadModelQueries(readModels, events);
    const ref = {
      projection: PATIENT_MONTHS,
      version: (await readModels.activeVersion(PATIENT_MONTHS)) ?? 1,
    };
    const ids = [...new Set(seeded.flatMap((e) => decodePatientEvent(e)?.patientId ?? []))];
    // Months with a document of their own (a patient enrolled late has none for the months before).
    const last = LAST_DAY.slice(0, 7);
    let first = last;
    for (let i = 1; i < months; i++) first = previousMonth(first);
    const wanted: { id: string; month: string }[] = [];
    for (const id of ids)
      for (const month of monthRange(first, last)) {
        const [stored] = await readModels.getDocuments(ref, [monthKey(PRACTICE, id, month)]);
        if (stored) wanted.push({ id, month });
      }
    const at = new Date(`${LAST_DAY}T12:00:00Z`);
    const derived: number[] = [];
    const raw: number[] = [];
    for (let round = 0; round < rounds; round++) {
      let started = now();
      for (const { id, month } of wanted) {
        const answer = await queries.patientMonth(PRACTICE, id, month, at);
        if (!answer.found) throw new Error(`no month ${month} for a patient`);
      }
      derived.push(((now() - started) * 1000) / wanted.length);
      started = now();
      for (const { id, month } of wanted) {
        const docs = await readModels.getDocuments(ref, [
          monthKey(PRACTICE, id, month),
          ledgerKey(PRACTICE, id),
          practiceKey(PRACTICE),
        ]);
        for (const doc of docs) if (doc) JSON.parse(doc.json);
      }
      raw.push(((now() - started) * 1000) / wanted.length);
    }
    // The first round warms the statements and the JIT.
    const [read, baseline] = [median(derived.slice(1)), median(raw.slice(1))];
    printRows([
      row({
        bench: 'month-reads',
        figure: `read of a patient-month, ${patients} patients × ${months} months (SQLite read models)`,
        value: read,
        unit: 'µs',
        baselineLabel: 'the same three documents read and parsed',
        baseline,
        better: 'lower',
        rssMb: peakRssMb(),
        detail: `${wanted.length} months a round, median of rounds 2-${rounds}: ${derived.map((v) => v.toFixed(0)).join(', ')} µs`,
      }),
    ]);
  } finally {
    await readModels.close();
    await events.close();
    dir.remove();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
