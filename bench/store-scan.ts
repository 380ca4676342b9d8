/**
 * What a projector's read of the SQLite event store costs when most of the store is the access log: the
 * store read in pages of 4,096 with the projector's filter (the record's streams), against reading every
 * event of it. The clinic is seeded in memory and appended to a file, then `--reads` reads of the record
 * are logged for each patient event (capacity plan assumption W2 is two).
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/store-scan.ts \
 *     [--patients=3000] [--reads=2]
 *
 * Best of 5 for each, each after a full GC.
 */
import { join } from 'node:path';
import { MAX_PAGE_SIZE, SqliteEventStore, type AllStreamFilter, type GlobalPosition } from '@ccm/event-store';
import { CCM_STREAMS } from '@ccm/projections';
import {
  appendRounds,
  interleavedRounds,
  seededClinicEvents,
} from '../libs/projections/src/testing/seeded-clinic-events';
import { logReads } from './lib/access-reads';
import { collectGarbage, fmt, now, numberArg, peakRssMb, tempDir } from './lib/measure';
import { log, printRows, row } from './lib/report';

const PRACTICE = 'bench-scan';

async function main(): Promise<void> {
  const patients = numberArg('patients', 3000);
  const reads = numberArg('reads', 2);
  log(`seeding ${patients} patients, ${reads} reads logged an event...`);
  const seeded = await seededClinicEvents({
    practiceId: PRACTICE,
    patients,
    months: 1,
    seed: 7,
    lastDay: '2026-03-31',
  });
  const dir = tempDir('ccm-bench-scan-');
  const store = new SqliteEventStore({ filename: join(dir.path, 'events.sqlite'), synchronous: 'NORMAL' });
  try {
    await appendRounds(store, interleavedRounds(seeded));
    await logReads(store, PRACTICE, seeded, reads);
    const scan = async (filter: AllStreamFilter): Promise<{ ms: number; events: number }> => {
      let fastest = Infinity;
      let events = 0;
      for (let round = 0; round < 5; round++) {
        collectGarbage();
        const started = now();
        events = 0;
        for (let after: GlobalPosition | undefined; ;) {
          const page = await store.readAll({ after, maxCount: MAX_PAGE_SIZE, filter });
          events += page.events.length;
          after = page.lastPosition ?? after;
          if (page.isEnd) break;
        }
        fastest = Math.min(fastest, now() - started);
      }
      return { ms: fastest, events };
    };
    const everything = await scan({ streamPrefixes: ['ccm.'] });
    const followed = await scan(CCM_STREAMS);
    printRows([
      row({
        bench: 'store-scan',
        figure: `the projector's read of a store of ${patients.toLocaleString('en-US')} patients with ${reads} reads an event: ms`,
        value: followed.ms,
        unit: 'ms',
        baselineLabel: 'every event of the store read',
        baseline: everything.ms,
        better: 'lower',
        rssMb: peakRssMb(),
        detail: `${followed.events.toLocaleString('en-US')} of ${everything.events.toLocaleString('en-US')} events; ${fmt((followed.ms * 1000) / followed.events)} µs an event read; best of 5`,
      }),
    ]);
  } finally {
    await store.close();
    dir.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
