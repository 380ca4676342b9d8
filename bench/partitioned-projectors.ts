/**
 * Several projector processes sharing partitioned read models (READ_MODEL_PARTITIONS, leases in Redis):
 *  - catch-up rate of every read model from a SQLite event store holding a synthetic network of practices
 *    (16 practices of 200 patients by default, one month, seeded through the real command path), into a
 *    private Redis Cluster of 3 masters (or one redis-server with `--store=redis`), for: one process and
 *    one partition (the baseline), one process working two partitions, and two processes sharing two;
 *  - failover: with two processes caught up, one is killed (SIGKILL) and a burst of events (4 more
 *    practices) is appended; how long after its leases expired the other had applied everything.
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/partitioned-projectors.ts \
 *     [--practices=16] [--patients=200] [--store=cluster|redis] [--lease-ms=2000] [--fresh]
 *
 * Rates run from the first committed batch to the moment every read model is built and at the store's
 * head (polled every 50 ms), so process start-up is not counted. The projector processes run from
 * TypeScript sources through ts-node, like the api's tests; nothing else should run meanwhile.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@ccm/event-store';
import { ALL_PROJECTIONS, measureLags, RedisReadModelStore } from '@ccm/projections';
import { startRedisCluster } from '../libs/projections/src/testing/redis-cluster';
import { startRedisServer } from '../libs/projections/src/testing/redis-server';
import { interleavedRounds, seededClinicEvents } from '../libs/projections/src/testing/seeded-clinic-events';
import { argValue, hasFlag, now, numberArg, tempDir } from './lib/measure';
import { printRows, row, type BenchRow } from './lib/report';

const REPO = resolve(__dirname, '..');
const LAST_DAY = '2026-03-31';

async function seededNetwork(practices: number, patients: number, first: number): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let i = first; i < first + practices; i++) {
    all.push(
      ...(await seededClinicEvents({
        practiceId: `net-${i}`,
        patients,
        months: 1,
        seed: i + 1,
        lastDay: LAST_DAY,
      })),
    );
  }
  return all;
}

/** Appends events as a clinic records them: one event of each patient in turn, each stream in order. */
async function appendInterleaved(store: SqliteEventStore, events: readonly RecordedEvent[]): Promise<void> {
  for (const round of interleavedRounds(events)) {
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

async function seededFile(practices: number, patients: number, fresh: boolean): Promise<string> {
  const filename = join(tmpdir(), `ccm-bench-network-${practices}x${patients}.sqlite`);
  if (existsSync(filename) && !fresh) return filename;
  process.stderr.write(`seeding ${practices} practices × ${patients} patients (once)...\n`);
  const partial = `${filename}.${process.pid}.partial`;
  const store = new SqliteEventStore({ filename: partial, synchronous: 'NORMAL' });
  await appendInterleaved(store, await seededNetwork(practices, patients, 0));
  await store.close();
  renameSync(partial, filename);
  return filename;
}

interface Redis {
  readonly url: string;
  close(): Promise<void>;
}

const startStore = async (kind: string): Promise<Redis> =>
  kind === 'redis'
    ? startRedisServer()
    : startRedisCluster({ masters: 3, replicasPerMaster: 0, nodeTimeoutMs: 2000 });

function projectorProcess(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      join(REPO, 'scripts', 'register-aliases.js'),
      join(REPO, 'apps', 'projector', 'src', 'main.ts'),
    ],
    { cwd: REPO, env: { ...process.env, ...env }, stdio: 'ignore' },
  );
}

interface Run {
  readonly events: SqliteEventStore;
  readonly readModels: RedisReadModelStore;
  readonly processes: ChildProcess[];
  readonly dataDir: string;
  close(): Promise<void>;
}

async function startRun(input: {
  seeded: string;
  store: string;
  partitions: number;
  processes: number;
  leaseMs: number;
}): Promise<Run> {
  const redis = await startStore(input.store);
  const dir = tempDir('partitioned');
  copyFileSync(input.seeded, join(dir.path, 'events.sqlite'));
  const events = new SqliteEventStore({ filename: join(dir.path, 'events.sqlite'), synchronous: 'NORMAL' });
  const readModels = new RedisReadModelStore({ url: redis.url });
  await readModels.ready();
  const processes = Array.from({ length: input.processes }, (_, i) =>
    projectorProcess({
      CCM_DATA_DIR: dir.path,
      EVENT_STORE: 'sqlite',
      READ_MODEL_STORE: 'redis',
      REDIS_URL: redis.url,
      READ_MODEL_PARTITIONS: String(input.partitions),
      PROJECTOR_LEASE_MS: String(input.leaseMs),
      PROJECTOR_OWNER: `bench-${i}`,
      HEALTH_PORT: '0',
      LOG_LEVEL: 'warn',
    }),
  );
  return {
    events,
    readModels,
    processes,
    dataDir: dir.path,
    async close() {
      for (const child of processes) if (child.exitCode === null) child.kill('SIGKILL');
      await readModels.close();
      await events.close();
      await redis.close();
      dir.remove();
    },
  };
}

/** Polls until every read model is built and at the head; answers when the first batch landed and when it ended. */
async function timeCatchUp(run: Run, started: number): Promise<{ firstBatch: number; caughtUp: number }> {
  let firstBatch: number | undefined;
  for (;;) {
    const lags = await measureLags(run.events, run.readModels, ALL_PROJECTIONS).catch(() => undefined);
    const at = now();
    if (lags && firstBatch === undefined && lags.some((l) => l.checkpoint !== null)) firstBatch = at;
    if (lags?.every((l) => l.built && l.behind === 0 && l.version !== null))
      return { firstBatch: firstBatch ?? started, caughtUp: at };
    if (at - started > 30 * 60_000) throw new Error('projectors did not catch up in 30 minutes');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function main(): Promise<void> {
  const practices = numberArg('practices', 16);
  const patients = numberArg('patients', 200);
  const store = argValue('store') ?? 'cluster';
  const leaseMs = numberArg('lease-ms', 2000);
  const seeded = await seededFile(practices, patients, hasFlag('fresh'));
  const probe = new SqliteEventStore({ filename: seeded });
  const total = await probe.countAll?.({ streamPrefixes: ['ccm.'] });
  await probe.close();
  const eventCount = total ?? 0;
  process.stderr.write(`${eventCount} events; store ${store}\n`);

  const rates: Record<string, number> = {};
  for (const [label, partitions, processes] of [
    ['1 process, 1 partition', 1, 1],
    ['1 process, 2 partitions', 2, 1],
    ['2 processes, 2 partitions', 2, 2],
  ] as const) {
    const run = await startRun({ seeded, store, partitions, processes, leaseMs });
    try {
      const started = now();
      const { firstBatch, caughtUp } = await timeCatchUp(run, started);
      rates[label] = eventCount / ((caughtUp - firstBatch) / 1000);
      process.stderr.write(`  ${label}: ${Math.round(rates[label])} events/s\n`);
    } finally {
      await run.close();
    }
  }

  // Failover: two processes caught up; one dies as a burst arrives.
  const burst = await seededNetwork(4, patients, practices);
  const run = await startRun({ seeded, store, partitions: 2, processes: 2, leaseMs });
  let failover: { afterExpiryMs: number; burstMs: number } | undefined;
  try {
    await timeCatchUp(run, now());
    // Both must hold a partition before one is killed, or the kill proves nothing.
    await new Promise((r) => setTimeout(r, leaseMs));
    const killedAt = now();
    run.processes[0].kill('SIGKILL');
    await appendInterleaved(run.events, burst);
    const { caughtUp } = await timeCatchUp(run, killedAt);
    failover = { afterExpiryMs: caughtUp - (killedAt + leaseMs), burstMs: caughtUp - killedAt };
  } finally {
    await run.close();
  }
  // The same burst into one live process that never lost anything: the time the work itself takes.
  const calm = await startRun({ seeded, store, partitions: 2, processes: 1, leaseMs });
  let calmMs = Number.NaN;
  try {
    await timeCatchUp(calm, now());
    const from = now();
    await appendInterleaved(calm.events, burst);
    calmMs = (await timeCatchUp(calm, from)).caughtUp - from;
  } finally {
    await calm.close();
  }

  const base = rates['1 process, 1 partition'];
  const rows: BenchRow[] = [
    ...Object.entries(rates).map(([label, rate]) =>
      row({
        bench: 'partitioned-projectors',
        figure: `catch-up, ${label}`,
        value: rate,
        unit: 'events/s',
        baselineLabel: '1 process, 1 partition',
        baseline: base,
        better: 'higher',
        rssMb: Number.NaN,
        detail: `${eventCount} events, ${practices} practices, ${store}`,
      }),
    ),
    row({
      bench: 'partitioned-projectors',
      figure: 'failover: burst applied, from kill',
      value: failover?.burstMs ?? Number.NaN,
      unit: 'ms',
      baselineLabel: 'same burst, no kill',
      baseline: calmMs,
      better: 'lower',
      rssMb: Number.NaN,
      detail: `caught up ${Math.round(failover?.afterExpiryMs ?? Number.NaN)} ms after the killed process's leases expired (lease ${leaseMs} ms); burst of ${burst.length} events`,
    }),
  ];
  printRows(rows);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
