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
 *     [--practices=16] [--patients=200] [--store=cluster|redis] [--lease-ms=2000] [--batch=500] [--fresh]
 *     [--only=<label prefix>]   (one catch-up run, e.g. `--only=2`, and no failover) [--ts]
 *
 * Rates run from the moment a projector began (created a version, or moved a checkpoint) to the moment every read model is built and at the store's
 * head (polled every 100 ms), so process start-up is not counted. The projector processes run compiled,
 * as deployed (`--ts`: from TypeScript sources through ts-node); nothing else should run meanwhile.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  comparePositions,
  parsePosition,
  SqliteEventStore,
  streamInventory,
  type GlobalPosition,
  type RecordedEvent,
} from '@ccm/event-store';
import { ALL_PROJECTIONS, CCM_STREAMS, RedisReadModelStore } from '@ccm/projections';
import { startRedisCluster } from '../libs/projections/src/testing/redis-cluster';
import { startRedisServer } from '../libs/projections/src/testing/redis-server';
import {
  appendRounds,
  interleavedRounds,
  seededClinicEvents,
} from '../libs/projections/src/testing/seeded-clinic-events';
import { argValue, hasFlag, now, numberArg, procCpu, tempDir } from './lib/measure';
import { compiledUnlessTs, type CompiledTree } from './lib/compiled';
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
const appendInterleaved = (store: SqliteEventStore, events: readonly RecordedEvent[]): Promise<void> =>
  appendRounds(store, interleavedRounds(events));

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
  /** The server processes (a cluster's nodes), for their CPU time. */
  readonly pids: readonly number[];
  close(): Promise<void>;
}

async function startStore(kind: string): Promise<Redis> {
  if (kind === 'redis') {
    const server = await startRedisServer();
    return { url: server.url, pids: [], close: () => server.close() };
  }
  const cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 0, nodeTimeoutMs: 2000 });
  return {
    url: cluster.url,
    pids: cluster.nodes.map((node) => node.process.pid ?? 0),
    close: () => cluster.close(),
  };
}

/** CPU seconds a process has used (user and system), from /proc; 0 where it cannot be read. */
function cpuSeconds(pid: number | undefined): number {
  return (pid === undefined ? undefined : procCpu(pid)?.processSeconds) ?? 0;
}

/** Peak resident memory of a process in MiB (VmHWM), from /proc; NaN where it cannot be read. */
function peakRssMb(pid: number | undefined): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB$/m);
    return line ? Number(line[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** The projector compiled, as `npm run start:projector` runs it (unless `--ts`: from sources through ts-node). */
let compiled: CompiledTree | undefined;

function projectorProcess(env: NodeJS.ProcessEnv): ChildProcess {
  const program = compiled
    ? [...compiled.execArgv, compiled.entry('apps/projector/src/main')]
    : [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        join(REPO, 'scripts', 'register-aliases.js'),
        join(REPO, 'apps', 'projector', 'src', 'main.ts'),
      ];
  return spawn(
    process.execPath,
    // e.g. BENCH_PROJECTOR_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' for a profile of each process.
    [...(process.env.BENCH_PROJECTOR_NODE_ARGS ?? '').split(' ').filter(Boolean), ...program],
    { cwd: REPO, env: { ...process.env, ...env }, stdio: 'ignore' },
  );
}

interface Run {
  readonly redisPids: readonly number[];
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
  batch: number;
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
      PROJECTOR_BATCH_SIZE: String(input.batch),
      HEALTH_PORT: '0',
      LOG_LEVEL: 'warn',
    }),
  );
  return {
    redisPids: redis.pids,
    events,
    readModels,
    processes,
    dataDir: dir.path,
    async close() {
      // SIGTERM first: a process stops after its batch (and writes a --cpu-prof profile when asked to).
      await Promise.all(
        processes.map(async (child) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }),
      );
      await readModels.close();
      await events.close();
      await redis.close();
      dir.remove();
    },
  };
}

/** Where every read model must have applied up to: the store's last event now. */
async function headOf(events: SqliteEventStore): Promise<GlobalPosition> {
  const { lastPosition } = await streamInventory(events, CCM_STREAMS);
  if (!lastPosition) throw new Error('the event store is empty');
  return lastPosition;
}

/**
 * Polls (every 100 ms, a few Redis reads: cheap beside the work measured) until every read model's version
 * is built and has applied up to `head`; answers when the work began (a projector created a version or,
 * for versions that existed, moved a checkpoint) and when it was done. A build from nothing moves no
 * checkpoint until its pass over the streams is over, so the first checkpoint would come late.
 */
async function timeCatchUp(
  run: Run,
  head: GlobalPosition,
  started: number,
): Promise<{ began: number; caughtUp: number }> {
  let began: number | undefined;
  for (;;) {
    const checkpoints = await Promise.all(
      ALL_PROJECTIONS.map(async ({ name }) => {
        const reader = await run.readModels.readerVersion(name);
        if (!reader) return { created: false, built: false, checkpoint: null };
        const checkpoint = await run.readModels.checkpoint({ projection: name, version: reader.version });
        return { created: !reader.built, built: reader.built, checkpoint };
      }),
    ).catch(() => undefined);
    const at = now();
    if (checkpoints && began === undefined && checkpoints.some((c) => c.created || c.checkpoint !== null))
      began = at;
    const done = checkpoints?.every(
      (c) => c.built && c.checkpoint !== null && comparePositions(parsePosition(c.checkpoint), head) >= 0,
    );
    if (done) return { began: began ?? started, caughtUp: at };
    if (at - started > 30 * 60_000) throw new Error('projectors did not catch up in 30 minutes');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main(): Promise<void> {
  const practices = numberArg('practices', 16);
  const patients = numberArg('patients', 200);
  const store = argValue('store') ?? 'cluster';
  const leaseMs = numberArg('lease-ms', 2000);
  const batch = numberArg('batch', 500);
  const seeded = await seededFile(practices, patients, hasFlag('fresh'));
  // Under ts-node each process spent 4-5 s of CPU compiling as it started, while the first one up had
  // already begun: with two processes, one's start-up ran against the other's work on the 2 cores.
  const tree = tempDir('partitioned-compiled');
  process.once('exit', () => tree.remove());
  compiled = compiledUnlessTs(tree.path, 'compiling the projector (as npm run start:projector runs it)...');
  const probe = new SqliteEventStore({ filename: seeded });
  const total = await probe.countAll?.(CCM_STREAMS);
  await probe.close();
  const eventCount = total ?? 0;
  process.stderr.write(`${eventCount} events; store ${store}\n`);

  const rates: Record<string, number> = {};
  const cpu: Record<string, string> = {};
  // The largest projector process of each run: what one machine of the deployment must hold.
  const rss: Record<string, number> = {};
  const only = argValue('only');
  for (const [label, partitions, processes] of [
    ['1 process, 1 partition', 1, 1],
    ['1 process, 2 partitions', 2, 1],
    ['2 processes, 2 partitions', 2, 2],
  ] as const) {
    if (only !== undefined && !label.startsWith(only)) continue;
    const run = await startRun({ seeded, store, partitions, processes, leaseMs, batch });
    try {
      const started = now();
      // This process only polls meanwhile: its CPU during the run, not since it started (compiling).
      const ownCpu = process.cpuUsage();
      const { began, caughtUp } = await timeCatchUp(run, await headOf(run.events), started);
      rates[label] = eventCount / ((caughtUp - began) / 1000);
      const projectorCpu = run.processes.map((child) => cpuSeconds(child.pid).toFixed(1)).join(' + ');
      rss[label] = Math.max(...run.processes.map((child) => peakRssMb(child.pid)));
      const redisCpu = run.redisPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0).toFixed(1);
      cpu[label] =
        `${((caughtUp - began) / 1000).toFixed(1)} s wall; CPU s: projectors ${projectorCpu}, ` +
        `redis ${redisCpu}, this process ${(process.cpuUsage(ownCpu).user / 1e6).toFixed(1)}`;
      process.stderr.write(`  ${label}: ${Math.round(rates[label])} events/s (${cpu[label]})\n`);
    } finally {
      await run.close();
    }
  }

  if (only !== undefined) return;
  // Failover: two processes caught up; one dies as a burst arrives.
  const burst = await seededNetwork(4, patients, practices);
  const run = await startRun({ seeded, store, partitions: 2, processes: 2, leaseMs, batch });
  let failover: { afterExpiryMs: number; burstMs: number; survivorRssMb: number } | undefined;
  try {
    await timeCatchUp(run, await headOf(run.events), now());
    // Both must hold a partition before one is killed, or the kill proves nothing.
    await new Promise((r) => setTimeout(r, leaseMs));
    const killedAt = now();
    run.processes[0].kill('SIGKILL');
    await appendInterleaved(run.events, burst);
    const { caughtUp } = await timeCatchUp(run, await headOf(run.events), killedAt);
    failover = {
      afterExpiryMs: caughtUp - (killedAt + leaseMs),
      burstMs: caughtUp - killedAt,
      survivorRssMb: peakRssMb(run.processes[1].pid),
    };
  } finally {
    await run.close();
  }
  // The same burst into one live process that never lost anything: the time the work itself takes.
  const calm = await startRun({ seeded, store, partitions: 2, processes: 1, leaseMs, batch });
  let calmMs = Number.NaN;
  try {
    await timeCatchUp(calm, await headOf(calm.events), now());
    const from = now();
    await appendInterleaved(calm.events, burst);
    calmMs = (await timeCatchUp(calm, await headOf(calm.events), from)).caughtUp - from;
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
        rssMb: rss[label],
        detail: `${eventCount} events, ${practices} practices, ${store}; ${cpu[label]}`,
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
      rssMb: failover?.survivorRssMb ?? Number.NaN,
      detail: `caught up ${Math.round(failover?.afterExpiryMs ?? Number.NaN)} ms after the killed process's leases expired (lease ${leaseMs} ms); burst of ${burst.length} events`,
    }),
  ];
  printRows(rows);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
