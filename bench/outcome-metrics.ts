/**
 * The care outcome figures of a month (GET /metrics/outcomes) for a clinic with its care outcomes
 * recorded, from the SQLite read model: the month's figures are computed when asked, from every patient's
 * outcome record. Baseline, in the same run: reading the same records' rows and parsing them, without
 * computing anything. Also the 12 months of the dashboard's trend: one after another, as the page first
 * asked for them, and in one request (GET /metrics/outcomes/trend), the records read once.
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/outcome-metrics.ts [--patients=10000]
 */
import {
  careOutcomesProjection,
  ReadModelQueries,
  SqliteReadModelStore,
  type ReadModelStore,
} from '@ccm/projections';
import { InMemoryEventStore } from '@ccm/event-store';
import { monthRange } from '@ccm/patient-months';
import { join } from 'node:path';
import { projectEvents } from '../libs/projections/src/testing/project-events';
import { seededClinicEvents } from '../libs/projections/src/testing/seeded-clinic-events';
import { best, fmt, numberArg, peakRssMb, tempDir } from './lib/measure';
import { log, printRows, row } from './lib/report';

const PRACTICE = 'bench-outcomes';
const NOW = new Date('2026-04-01T15:00:00Z');

/** Every outcome record of the practice, read and parsed as the query reads them, nothing computed. */
async function readRecords(store: ReadModelStore): Promise<number> {
  const version = (await store.activeVersion('care-outcomes')) as number;
  let count = 0;
  let after;
  for (;;) {
    const page = await store.list(
      { projection: 'care-outcomes', version },
      { practiceId: PRACTICE, collection: 'patient', list: 'patients', after, limit: 1000 },
    );
    for (const doc of page) JSON.parse(doc.json);
    count += page.length;
    if (page.length < 1000) return count;
    after = page[page.length - 1];
  }
}

async function main(): Promise<void> {
  const patients = numberArg('patients', 10_000);
  log(`seeding ${patients} patients with their care outcomes (12 months)...`);
  const events = await seededClinicEvents({
    practiceId: PRACTICE,
    patients,
    months: 12,
    seed: 21,
    lastDay: '2026-03-31',
    careOutcomes: true,
  });
  const dir = tempDir('ccm-bench-outcomes-');
  const store = new SqliteReadModelStore({ filename: join(dir.path, 'read-models.sqlite') });
  try {
    await projectEvents(store, events, { projections: [careOutcomesProjection], batchSize: 5000 });
    // Outcome metrics read no events: an empty event store stands in for the one the clinic was seeded in.
    const queries = new ReadModelQueries(store, new InMemoryEventStore());
    const records = await readRecords(store);
    const month = await best(5, () => queries.outcomeMetrics(PRACTICE, '2026-03', NOW));
    const raw = await best(5, () => readRecords(store));
    const year = await best(3, async () => {
      for (const m of monthRange('2025-04', '2026-03')) await queries.outcomeMetrics(PRACTICE, m, NOW);
    });
    const trend = await best(3, () => queries.outcomeTrend(PRACTICE, monthRange('2025-04', '2026-03'), NOW));
    const bytes = await store.list(
      { projection: 'care-outcomes', version: (await store.activeVersion('care-outcomes')) as number },
      { practiceId: PRACTICE, collection: 'patient', list: 'patients', limit: 1000 },
    );
    const averageBytes = bytes.reduce((sum, d) => sum + d.json.length, 0) / Math.max(1, bytes.length);
    printRows([
      row({
        bench: 'outcome-metrics',
        figure: `outcome figures of one month, ${records} patients (SQLite)`,
        value: month,
        unit: 'ms',
        baselineLabel: 'reading and parsing the same records alone',
        baseline: raw,
        better: 'lower',
        rssMb: peakRssMb(),
        detail: `best of 5; ${events.length} events; outcome records of ${fmt(averageBytes, 0)} B on average`,
      }),
      row({
        bench: 'outcome-metrics',
        figure: `the 12 months of the dashboard trend, one after another (${records} patients)`,
        value: year,
        unit: 'ms',
        baselineLabel: 'reading and parsing the same records alone, 12 times',
        baseline: raw * 12,
        better: 'lower',
        rssMb: peakRssMb(),
        detail: 'best of 3',
      }),
      row({
        bench: 'outcome-metrics',
        figure: `the 12 months of the dashboard trend in one request (${records} patients)`,
        value: trend,
        unit: 'ms',
        baselineLabel: 'the same 12 months one after another',
        baseline: year,
        better: 'lower',
        rssMb: peakRssMb(),
        detail: 'best of 3; each record read and worked out once',
      }),
    ]);
  } finally {
    await store.close();
    dir.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `outcome-metrics benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
