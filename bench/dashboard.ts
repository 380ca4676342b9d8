/**
 * Time to a rendered dashboard page in Chromium (issue 17) against the api routes the page reads, fetched
 * alone in the same run: what the browser, its scripts and drawing add to the data itself.
 *
 * - overview: /app/overview?month=M until the page has drawn its figures and both trend charts; the
 *   routes: /metrics/program, then the same for M and the 12 months before (in parallel), as the page
 *   asks for them (revenue is in the metrics: the page reads no billing line).
 * - worklist: /app/worklist until its table is drawn; the route: every page of /worklist.
 * - team: /app/team?month=M until its tables are drawn; the route: /metrics/team for M (one document).
 *
 * The clinic is the synthetic one (real command path, 4 months), in the api as the tests run it
 * (apps/api/src/dashboard/testing/dashboard-browser.ts: SQLite, read models caught up, Debian's
 * chromium). Rounds alternate page and routes; medians are reported.
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/dashboard.ts [--patients=1000] [--rounds=5]
 */
import {
  open,
  PAST_MONTH,
  startDashboard,
  type DashboardRig,
} from '../apps/api/src/dashboard/testing/dashboard-browser';
import { fmt, median, now, numberArg, peakRssMb } from './lib/measure';
import { log, printRows, row } from './lib/report';

const BENCH = 'dashboard';

/** GET every page of a list, as the dashboard does, with a token and a purpose. */
async function getAll(rig: DashboardRig, path: string, token: string): Promise<number> {
  let cursor: string | null = null;
  let items = 0;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const url = `${rig.origin}${path}${separator}limit=1000${cursor ? `&cursor=${cursor}` : ''}`;
    const page = (await get(url, token)) as { items: unknown[]; nextCursor: string | null };
    items += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

async function get(url: string, token: string): Promise<unknown> {
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${token}`, 'X-Purpose-Of-Use': 'operations' },
  });
  if (!response.ok) throw new Error(`GET ${new URL(url).pathname} answered ${response.status}`);
  return response.json();
}

const monthsBefore = (month: string, count: number): string[] => {
  const [year, number] = month.split('-').map(Number);
  return Array.from({ length: count + 1 }, (_, i) => {
    const index = year * 12 + number - 1 - (count - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
};

async function main(): Promise<void> {
  const patients = numberArg('patients', 1000);
  const rounds = numberArg('rounds', 5);
  log(`seeding a clinic of ${patients} patients and starting the api and chromium...`);
  const rig = await startDashboard({ patients, otherPatients: 5 });
  try {
    const token = rig.api.token('admin');
    const page = await rig.signIn('admin');
    const times = { overviewPage: [] as number[], overviewRoutes: [] as number[] };
    const worklist = { page: [] as number[], routes: [] as number[] };
    const team = { page: [] as number[], routes: [] as number[] };
    let staff = 0;
    let entries = 0;
    for (let round = 0; round <= rounds; round++) {
      // Round 0 warms the api, the browser and the read-model caches; it is not counted.
      const keep = round > 0;
      let started = now();
      await open(page, rig.origin, `/app/overview?month=${PAST_MONTH}`, 'overview');
      await page.waitForSelector('#trend-share canvas');
      if (keep) times.overviewPage.push(now() - started);
      started = now();
      await get(`${rig.origin}/metrics/program`, token);
      await Promise.all(
        monthsBefore(PAST_MONTH, 12).map((m) => get(`${rig.origin}/metrics/program?month=${m}`, token)),
      );
      if (keep) times.overviewRoutes.push(now() - started);
      started = now();
      await open(page, rig.origin, '/app/worklist', 'worklist');
      if (keep) worklist.page.push(now() - started);
      started = now();
      entries = await getAll(rig, '/worklist', token);
      if (keep) worklist.routes.push(now() - started);
      started = now();
      await open(page, rig.origin, `/app/team?month=${PAST_MONTH}`, 'team');
      if (keep) team.page.push(now() - started);
      started = now();
      staff = ((await get(`${rig.origin}/metrics/team?month=${PAST_MONTH}`, token)) as { staff: unknown[] })
        .staff.length;
      if (keep) team.routes.push(now() - started);
    }
    const figure = (name: string, value: number[], baseline: number[], detail: string) =>
      row({
        bench: BENCH,
        figure: name,
        value: median(value),
        unit: 'ms',
        baselineLabel: 'its api routes fetched alone',
        baseline: median(baseline),
        better: 'lower',
        rssMb: peakRssMb(),
        detail: `${detail}; median of ${value.length}`,
      });
    printRows([
      figure(
        `overview rendered in Chromium (${patients} patients)`,
        times.overviewPage,
        times.overviewRoutes,
        '14 metrics answers; figures, minutes table and 2 charts drawn',
      ),
      figure(
        `worklist rendered in Chromium (${patients} patients)`,
        worklist.page,
        worklist.routes,
        `${entries} worklist entries in a sortable table, 250 rows drawn`,
      ),
      figure(
        `team page rendered in Chromium (${patients} patients)`,
        team.page,
        team.routes,
        `${staff} staff members and the contacts table, from one team document`,
      ),
    ]);
    process.stdout.write(`peak RSS (api and bench, not chromium): ${fmt(peakRssMb(), 0)} MiB\n`);
  } finally {
    await rig.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `dashboard benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
