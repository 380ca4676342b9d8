/**
 * Memory of the api under load and at rest, for each place the embedded projector can run
 * (CCM_PROJECTOR_THREAD=worker|main): N cycles of autocannon load on POST /patients/{id}/time-entries,
 * each followed by an idle gap, the api process's RSS sampled from /proc/<pid>/status throughout. Per
 * cycle: commands/s, p99, RSS peak during the load, RSS at the end of the idle gap, and the V8 heap and
 * off-heap memory of the api's main thread then (process.memoryUsage()).
 *
 * The baseline, in the same run and measured the same way: the api with its projector off (the command
 * path alone, as deployed with the projector in its own process; none runs here).
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/api-memory.ts \
 *     [--cycles=3] [--duration=10 | --commands=N] [--idle=10] [--connections=10] [--patients=1000] \
 *     [--placements=worker,main[,worker+NAME=value...]] [--sync=FULL] [--sample-ms=250] [--no-baseline] [--ts] [--gc] [--snapshots=DIR]
 *
 * --commands=N gives every cycle the same work instead of the same time: on a shared machine the
 * commands/s move with the neighbours, and memory moves with the work done.
 *
 * The servers run compiled JavaScript, as `npm start` runs the api (bench/lib/compiled.ts); --ts runs them
 * through ts-node instead, which puts a TypeScript compiler in every thread's heap (the projector's too).
 * --gc: the main thread's heap figures are read after a full collection (what is live), once the idle RSS
 * has been read; it changes what later cycles start from, so compare runs with the same flag.
 * --snapshots=DIR: heap snapshots of the api's main thread and projector thread after each idle gap.
 *
 * A placement may carry environment variables for its server, to compare settings in one run:
 * `--placements=worker,worker+MALLOC_ARENA_MAX=2,main`. BENCH_SERVER_ENV='NAME=value ...' passes some to
 * every server, BENCH_SERVER_NODE_ARGS node flags (as for api-commands.ts).
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { signAccessToken } from '@ccm/auth';
import { BENCH_NOW, BENCH_PRACTICE, BENCH_SECRET, type MemoryUsageReport } from './lib/api-protocol';
import { compiledUnlessTs, type CompiledTree } from './lib/compiled';
import { EntryIds, load, procMemory, seedStore, startServer, type LoadResult } from './lib/api-load';
import { argValue, fmt, fmtInt, hasFlag, median, numberArg, tempDir } from './lib/measure';
import { log, printRows, row, type BenchRow } from './lib/report';

type Placement = 'worker' | 'main' | 'off';

const LABELS: Record<Placement, string> = {
  worker: 'projector on its own thread (CCM_PROJECTOR_THREAD=worker)',
  main: 'projector on the event loop (CCM_PROJECTOR_THREAD=main)',
  off: 'projector off (the command path alone)',
};

/** A placement, with environment variables or node flags for its server (`worker+MALLOC_ARENA_MAX=2`). */
interface Shape {
  readonly name: string;
  readonly placement: Placement;
  readonly env: Readonly<Record<string, string>>;
  /** Node flags after the product's own (`--max-semi-space-size=32`), so they override them. */
  readonly nodeArgs: readonly string[];
  readonly label: string;
}

function parseShape(text: string): Shape {
  const [placement, ...settings] = text.trim().split('+');
  if (placement !== 'worker' && placement !== 'main' && placement !== 'off')
    throw new Error(`--placements: ${placement} is not worker, main or off`);
  const env: Record<string, string> = {};
  const nodeArgs: string[] = [];
  for (const setting of settings) {
    if (setting.startsWith('--')) {
      nodeArgs.push(setting);
      continue;
    }
    const at = setting.indexOf('=');
    if (at <= 0) throw new Error(`--placements: ${setting} is not NAME=value or a --node-flag`);
    env[setting.slice(0, at)] = setting.slice(at + 1);
  }
  return {
    name: text.trim(),
    placement,
    env,
    nodeArgs,
    label: LABELS[placement] + (settings.length > 0 ? `, ${settings.join(' ')}` : ''),
  };
}

interface Cycle {
  readonly load: LoadResult;
  readonly perSecond: number;
  /** Highest VmRSS sampled during the load and the idle gap after it, MiB. */
  readonly peakRssMb: number;
  /** VmRSS at the end of the idle gap, MiB. */
  readonly idleRssMb: number;
  readonly idleUsage: MemoryUsageReport;
  /** How long after the load the read models had applied every command (NaN: not within the idle gap). */
  readonly catchUpMs?: number;
}

interface ShapeResult {
  readonly shape: Shape;
  readonly startRssMb: number;
  readonly cycles: readonly Cycle[];
  readonly hwmMb: number;
}

const mib = (bytes: number): number => bytes / (1024 * 1024);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Samples VmRSS every `everyMs` until stopped; returns the highest seen. */
function sampleRss(pid: number, everyMs: number): { stop: () => number } {
  let peak = procMemory(pid)?.rssMb ?? Number.NaN;
  const timer = setInterval(() => {
    const now = procMemory(pid)?.rssMb;
    if (now !== undefined && !(now <= peak)) peak = now;
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

function serverEnv(shape: Shape): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...shape.env };
  for (const pair of (process.env.BENCH_SERVER_ENV ?? '').split(' ').filter((p) => p.includes('='))) {
    const at = pair.indexOf('=');
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}

async function measureShape(
  shape: Shape,
  store: string,
  sync: string,
  token: string,
  ids: EntryIds,
  options: {
    cycles: number;
    seconds: number;
    /** A fixed number of commands per cycle instead of `seconds`. */
    commands?: number;
    idleSeconds: number;
    connections: number;
    sampleMs: number;
    /** Ask for a full collection before each idle reading (the servers run with --expose-gc). */
    collect: boolean;
    /** A directory for heap snapshots at the end of each idle gap. */
    snapshots?: string;
    compiled?: CompiledTree;
  },
): Promise<ShapeResult> {
  log(`api-memory: starting the api, ${shape.label}...`);
  const { placement } = shape;
  const server = await startServer(
    'product',
    [
      `--store=${store}`,
      `--sync=${sync}`,
      `--projector=${placement === 'off' ? 'off' : 'embedded'}`,
      `--projector-thread=${placement === 'off' ? 'main' : placement}`,
    ],
    {
      env: serverEnv(shape),
      compiled: options.compiled,
      nodeArgs: [...(options.collect ? ['--expose-gc'] : []), ...shape.nodeArgs],
    },
  );
  try {
    // Warm-up (JIT, connections), then let it settle: the starting point of the growth.
    await load(server.port, token, ids, 1, options.connections);
    await sleep(options.idleSeconds * 1000);
    const startRssMb = procMemory(server.pid)?.rssMb ?? Number.NaN;
    const cycles: Cycle[] = [];
    for (let c = 1; c <= options.cycles; c++) {
      const sampler = sampleRss(server.pid, options.sampleMs);
      const result = await load(
        server.port,
        token,
        ids,
        options.commands === undefined ? options.seconds : { commands: options.commands },
        options.connections,
      );
      const idleStarted = Date.now();
      const catchUpMs = await server.catchUp(options.idleSeconds * 1000);
      await sleep(Math.max(0, options.idleSeconds * 1000 - (Date.now() - idleStarted)));
      const peakRssMb = sampler.stop();
      const idle = procMemory(server.pid);
      const idleRssMb = idle?.rssMb ?? Number.NaN;
      // After the idle reading: a collection asked for here must not flatter it.
      const idleUsage = await server.memory(options.collect);
      if (options.snapshots) {
        const files = await server.snapshot(join(options.snapshots, `${shape.name}-cycle${c}`));
        process.stdout.write(`    heap snapshots: ${files.join(', ')}\n`);
      }
      const cycle = {
        load: result,
        perSecond: result.ok / result.seconds,
        peakRssMb,
        idleRssMb,
        idleUsage,
        catchUpMs,
      };
      cycles.push(cycle);
      process.stdout.write(
        `  ${shape.name} cycle ${c}: ${fmtInt(cycle.perSecond)} commands/s, p99 ${fmt(result.latency.p99)} ms, ` +
          (catchUpMs === undefined
            ? ''
            : Number.isNaN(catchUpMs)
              ? 'read models NOT caught up by the end of the idle gap, '
              : `read models caught up ${fmtInt(catchUpMs)} ms after, `) +
          `RSS peak ${fmt(peakRssMb, 0)} MiB, idle ${fmt(idleRssMb, 0)} MiB ` +
          `[anon ${fmt(idle?.anonMb ?? Number.NaN, 0)}, file ${fmt(idle?.fileMb ?? Number.NaN, 0)}, ` +
          `shmem ${fmt(idle?.shmemMb ?? Number.NaN, 0)}] ` +
          `(main thread${idleUsage.collected ? ' after a full GC' : ''}: heap ${fmt(mib(idleUsage.heapUsed), 0)}/${fmt(mib(idleUsage.heapTotal), 0)} MiB, ` +
          `external ${fmt(mib(idleUsage.external), 0)}, arrayBuffers ${fmt(mib(idleUsage.arrayBuffers), 0)})` +
          (result.failed + result.errors > 0
            ? `; WARNING ${result.failed} non-2xx, ${result.errors} errors`
            : '') +
          '\n',
      );
      if (result.firstFailure) process.stdout.write(`    first non-2xx: ${result.firstFailure}\n`);
    }
    const hwmMb = procMemory(server.pid)?.hwmMb ?? Number.NaN;
    await server.stop();
    return { shape, startRssMb, cycles, hwmMb };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

function summary(result: ShapeResult) {
  const { cycles } = result;
  const ok = cycles.reduce((n, c) => n + c.load.ok, 0);
  const seconds = cycles.reduce((n, c) => n + c.load.seconds, 0);
  return {
    perSecond: ok / seconds,
    p99: median(cycles.map((c) => c.load.latency.p99)),
    peakRssMb: Math.max(...cycles.map((c) => c.peakRssMb)),
    hwmMb: result.hwmMb,
    firstIdleMb: cycles[0].idleRssMb,
    lastIdleMb: cycles[cycles.length - 1].idleRssMb,
    startRssMb: result.startRssMb,
    /** The longest catch-up after a cycle's load; undefined without a projector. */
    catchUpMs: cycles.some((c) => c.catchUpMs !== undefined)
      ? Math.max(...cycles.map((c) => c.catchUpMs ?? Number.NaN))
      : undefined,
  };
}

async function main(): Promise<void> {
  const options = {
    cycles: numberArg('cycles', 3),
    seconds: numberArg('duration', 10),
    commands: argValue('commands') === undefined ? undefined : numberArg('commands', 1),
    idleSeconds: numberArg('idle', 10),
    connections: numberArg('connections', 10),
    sampleMs: numberArg('sample-ms', 250),
    collect: hasFlag('gc'),
    snapshots: argValue('snapshots'),
  };
  const patients = numberArg('patients', 1000);
  const sync = (argValue('sync') ?? 'FULL').toUpperCase();
  const shapes = [
    ...(hasFlag('no-baseline') ? [] : ['off']),
    ...(argValue('placements') ?? 'worker,main').split(','),
  ]
    .filter((name) => name.trim().length > 0)
    .map(parseShape);
  const dir = tempDir('api-memory');
  try {
    // As deployed (`npm start`): compiled, no TypeScript compiler in the api's threads. --ts runs ts-node.
    const compiled = compiledUnlessTs(
      join(dir.path, 'compiled'),
      'api-memory: compiling apps, libs and bench...',
    );
    const seeded = join(dir.path, 'seeded.sqlite');
    log(`api-memory: seeding ${patients} patients...`);
    const patientIds = await seedStore(seeded, patients);
    const token = signAccessToken(
      { userId: 'rn-lopez', role: 'care_manager', practiceId: BENCH_PRACTICE },
      BENCH_SECRET,
      // Within the api's maximum token lifetime (CCM_JWT_MAX_LIFETIME_SECONDS, 12 h by default).
      { now: new Date(BENCH_NOW), ttlSeconds: 3600 },
    );
    process.stdout.write(
      `api-memory: ${options.cycles} cycles of ` +
        (options.commands === undefined
          ? `${options.seconds} s load`
          : `${fmtInt(options.commands)} commands`) +
        ` (${options.connections} connections) ` +
        `and ${options.idleSeconds} s idle per server, synchronous=${sync}, ${patients} patients; ` +
        `RSS of the api process sampled every ${options.sampleMs} ms; ` +
        (compiled ? 'the api compiled, as npm start runs it' : 'the api through ts-node') +
        (process.env.BENCH_SERVER_ENV ? `; server env ${process.env.BENCH_SERVER_ENV}` : '') +
        '\n',
    );
    const results: ShapeResult[] = [];
    for (const shape of shapes) {
      // Each server starts from the same seeded file; entry ids stay unique across servers.
      const copy = join(dir.path, `run-${results.length}.sqlite`);
      copyFileSync(seeded, copy);
      results.push(
        await measureShape(shape, copy, sync, token, new EntryIds(patientIds), { ...options, compiled }),
      );
    }
    const base = results.find((r) => r.shape.name === 'off');
    const baseSummary = base && summary(base);
    const rows: BenchRow[] = [];
    for (const result of results) {
      const s = summary(result);
      process.stdout.write(
        `  ${result.shape.label}: ${fmtInt(s.perSecond)} commands/s, p99 ${fmt(s.p99)} ms (median of cycles), ` +
          `RSS peak ${fmt(s.peakRssMb, 0)} MiB (VmHWM ${fmt(s.hwmMb, 0)}), idle ${fmt(s.startRssMb, 0)} before ` +
          `the cycles -> ${result.cycles.map((c) => fmt(c.idleRssMb, 0)).join(' -> ')} MiB` +
          (s.catchUpMs === undefined
            ? ''
            : `; read models caught up at most ${fmtInt(s.catchUpMs)} ms after a load`) +
          '\n',
      );
      if (!baseSummary || result === base) continue;
      const figure = (what: string) => `api ${sync}, ${result.shape.label}: ${what}`;
      const common = { bench: 'api-memory', baselineLabel: 'projector off', rssMb: s.hwmMb };
      rows.push(
        row({
          ...common,
          figure: figure('commands/s'),
          value: s.perSecond,
          unit: 'commands/s',
          baseline: baseSummary.perSecond,
          better: 'higher',
        }),
        row({
          ...common,
          figure: figure('p99 (median of cycles)'),
          value: s.p99,
          unit: 'ms',
          baseline: baseSummary.p99,
          better: 'lower',
        }),
        row({
          ...common,
          figure: figure('RSS peak (VmHWM)'),
          value: s.hwmMb,
          unit: 'MiB',
          baseline: baseSummary.hwmMb,
          better: 'lower',
        }),
        row({
          ...common,
          figure: figure(`idle RSS after ${result.cycles.length} cycles`),
          value: s.lastIdleMb,
          unit: 'MiB',
          baseline: baseSummary.lastIdleMb,
          better: 'lower',
          detail: `idle before the cycles ${fmt(s.startRssMb, 0)} MiB, after each: ${result.cycles.map((c) => fmt(c.idleRssMb, 0)).join(', ')}`,
        }),
      );
    }
    if (rows.length > 0) printRows(rows);
  } finally {
    dir.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `api-memory benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
