/**
 * The enrolment funnel of a month (GET /metrics/funnel) for a clinic seeded with its candidate panel, from
 * the SQLite read models: the figures are computed when asked, from every candidate's and patient's funnel
 * record and the consented patients' first billable months (the patient-months read model). Baseline, in
 * the same run: reading and parsing the same funnel records alone. Also the 12 months of a trend in one
 * request, against one month.
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/funnel.ts [--patients=5000]
 */
import {
  EnrolmentFunnelQueries,
  enrolmentFunnelProjection,
  patientMonthsProjection,
  SqliteReadModelStore,
  type ReadModelStore,
} from '@ccm/projections';
import { monthRange } from '@ccm/patient-months';
import { join } from 'node:path';
import { projectEvents } from '../libs/projections/src/testing/project-events';
import { seededClinicEvents } from '../libs/projections/src/testing/seeded-clinic-events';
import { best, fmt, numberArg, peakRssMb, tempDir } from './lib/measure';
import { log, printRows, row } from './lib/report';

const PRACTICE = 'bench-funnel';

/** Every funnel record of the practice (candidates, then patients), read and parsed, nothing computed. */
async function readRecords(store: ReadModelStore): Promise<{ count: number; bytes: number }> {
  const version = (await store.activeVersion('enrolment-funnel')) as number;
  let count = 0;
  let bytes = 0;
  for (const collection of ['candidate', 'patient']) {
    let after;
    for (;;) {
      const page = await store.list(
        { projection: 'enrolment-funnel', version },
        { practiceId: PRACTICE, collection, list: 'all', after, limit: 1000 },
      );
      for (const doc of page) {
        JSON.parse(doc.json);
        bytes += doc.json.length;
      }
      count += page.length;
      if (page.length < 1000) break;
      after = page[page.length - 1];
    }
  }
  return { count, bytes };
}

async function main(): Promise<void> {
  const patients = numberArg('patients', 5_000);
  log(`seeding ${patients} patients with their candidate panel (12 months)...`);
  const events = await seededClinicEvents({
    practiceId: PRACTICE,
    patients,
    months: 12,
    seed: 23,
    lastDay: '2026-03-31',
    interop: true,
  });
  const dir = tempDir('ccm-bench-funnel-');
  const store = new SqliteReadModelStore({ filename: join(dir.path, 'read-models.sqlite') });
  try {
    log(`projecting ${events.length} events into the funnel and patient-months read models...`);
    await projectEvents(store, events, {
      projections: [enrolmentFunnelProjection, patientMonthsProjection],
      batchSize: 5000,
    });
    const queries = new EnrolmentFunnelQueries(store);
    const records = await readRecords(store);
    const month = await best(5, () => queries.funnelTrend(PRACTICE, ['2026-03']));
    const raw = await best(5, () => readRecords(store));
    const year = await best(3, () => queries.funnelTrend(PRACTICE, monthRange('2025-04', '2026-03')));
    printRows([
      row({
        bench: 'funnel',
        figure: `funnel of one month, ${records.count} funnel records (SQLite)`,
        value: month,
        unit: 'ms',
        baselineLabel: 'reading and parsing the same funnel records alone',
        baseline: raw,
        better: 'lower',
        rssMb: peakRssMb(),
        detail: `best of 5; ${events.length} events; records of ${fmt(records.bytes / Math.max(1, records.count), 0)} B on average; includes the consented patients' first billable months`,
      }),
      row({
        bench: 'funnel',
        figure: `12 months of the funnel in one request (${records.count} records)`,
        value: year,
        unit: 'ms',
        baselineLabel: 'one month',
        baseline: month,
        better: 'lower',
        rssMb: peakRssMb(),
        detail: 'best of 3; each record read once',
      }),
    ]);
  } finally {
    await store.close();
    dir.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `funnel benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
