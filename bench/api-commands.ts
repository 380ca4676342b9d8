/**
 * Command throughput through the HTTP api: POST /patients/{id}/time-entries with unique entryIds spread
 * over many seeded patients, driven by autocannon over loopback, against the limit: a bare Nest app with
 * one trivial POST controller on the same route, same platform, no global pipes or guards.
 *
 * Each server runs in its own process (bench/lib/api-server.ts); this process only generates load.
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/api-commands.ts \
 *     [--duration=10] [--warmup=1] [--connections=10] [--patients=1000] [--sync=FULL,NORMAL] [--ts]
 *
 * Both servers run compiled, as `npm start` runs the api; --ts runs them from sources through ts-node.
 *
 * The default keeps the read models with the embedded projector where the product puts it (its own
 * thread on a machine of two cores or more, CCM_PROJECTOR_THREAD; bench/api-memory.ts says why). With
 * FULL, the api is also measured
 * with the projector on the other thread, and with the projector off (CCM_PROJECTOR=off), as deployed
 * with the projector in its own process: what the command path costs without the read models kept
 * in-process (no projector process runs meanwhile, so on a 2-core machine this is the api alone, not the
 * whole system). With a projector in the api, the figure says how long after the load the read models had
 * applied every command: a projector that falls behind would otherwise flatter the figure.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { signAccessToken } from '@ccm/auth';
import { loadReadSideConfig } from '@ccm/projections';
import { BENCH_NOW, BENCH_PRACTICE, BENCH_SECRET, type ServerKind } from './lib/api-protocol';
import { EntryIds, load, seedStore, startServer, type LoadResult } from './lib/api-load';
import { compiledUnlessTs, type CompiledTree } from './lib/compiled';
import { argValue, fmt, fmtInt, numberArg, procCpu, tempDir } from './lib/measure';
import { log, printRows, row, type BenchRow } from './lib/report';

interface Measured {
  readonly label: string;
  readonly perSecond: number;
  readonly load: LoadResult;
  readonly rssMb: number;
  /** How long after the load the embedded projector had applied every command; undefined without one. */
  readonly catchUpMs?: number;
  /** The server's CPU over the measured load, µs per 2xx answer: all its threads, and its event loop. */
  readonly cpuMicros?: { readonly process: number; readonly mainThread: number };
}

async function measure(
  label: string,
  kind: ServerKind,
  serverArgs: readonly string[],
  token: string,
  ids: EntryIds,
  options: { seconds: number; warmup: number; connections: number; compiled?: CompiledTree },
): Promise<Measured> {
  log(`api: starting ${label}...`);
  const server = await startServer(kind, serverArgs, { compiled: options.compiled });
  try {
    log(`api: ${label}: warm-up ${options.warmup} s, then ${options.seconds} s measured`);
    await load(server.port, token, ids, options.warmup, options.connections);
    const cpuBefore = procCpu(server.pid);
    const result = await load(server.port, token, ids, options.seconds, options.connections);
    const cpuAfter = procCpu(server.pid);
    const cpuMicros =
      cpuBefore && cpuAfter && result.ok > 0
        ? {
            process: ((cpuAfter.processSeconds - cpuBefore.processSeconds) * 1e6) / result.ok,
            mainThread: ((cpuAfter.mainThreadSeconds - cpuBefore.mainThreadSeconds) * 1e6) / result.ok,
          }
        : undefined;
    const { rssMb, catchUpMs } = await server.stop();
    const measured = {
      label,
      perSecond: result.ok / result.seconds,
      load: result,
      rssMb,
      catchUpMs,
      cpuMicros,
    };
    process.stdout.write(
      `  ${label}: ${fmtInt(measured.perSecond)} 2xx/s, p50 ${fmt(result.latency.p50)} ms, ` +
        `p99 ${fmt(result.latency.p99)} ms, non-2xx ${result.failed}, errors ${result.errors}, ` +
        `server peak RSS ${fmt(rssMb, 0)} MiB` +
        (cpuMicros === undefined
          ? ''
          : `, server CPU ${fmtInt(cpuMicros.process)} µs a request (event loop ${fmtInt(cpuMicros.mainThread)})`) +
        (catchUpMs === undefined ? '' : `, read models caught up ${fmtInt(catchUpMs)} ms after the load`) +
        '\n',
    );
    if (result.firstFailure) process.stdout.write(`    first non-2xx: ${result.firstFailure}\n`);
    return measured;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Server CPU a request, which the load generator sharing the cores disturbs less than requests/s. */
function cpuDetail(product: Measured, bare: Measured): string {
  const { cpuMicros } = product;
  if (!cpuMicros || !bare.cpuMicros) return '';
  return (
    `server CPU ${fmtInt(cpuMicros.process)} µs a command, ${fmtInt(cpuMicros.mainThread)} on its event loop ` +
    `(bare ${fmtInt(bare.cpuMicros.process)}); `
  );
}

async function main(): Promise<void> {
  const seconds = numberArg('duration', 10);
  const connections = numberArg('connections', 10);
  const patients = numberArg('patients', 1000);
  const warmup = numberArg('warmup', 1);
  const syncs = (argValue('sync') ?? 'FULL,NORMAL')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s): s is 'FULL' | 'NORMAL' => s === 'FULL' || s === 'NORMAL');
  const dir = tempDir('api');
  try {
    // As deployed (`npm start`): compiled JavaScript. Under ts-node (--ts) Node also loads its REPL, whose
    // `domain` module wraps every EventEmitter emit and adds a hook to every promise: a tax the product
    // never pays, and a larger one on the command path (many promises) than on the bare route.
    const compiled = compiledUnlessTs(join(dir.path, 'compiled'), 'api: compiling apps, libs and bench...');
    const seeded = join(dir.path, 'seeded.sqlite');
    log(`api: seeding ${patients} patients (enrolment and consent through the command path)...`);
    const patientIds = await seedStore(seeded, patients);
    const token = signAccessToken(
      { userId: 'rn-lopez', role: 'care_manager', practiceId: BENCH_PRACTICE },
      BENCH_SECRET,
      // Within the api's maximum token lifetime (CCM_JWT_MAX_LIFETIME_SECONDS, 12 h by default).
      { now: new Date(BENCH_NOW), ttlSeconds: 3600 },
    );
    const ids = new EntryIds(patientIds);
    const options = { seconds, warmup, connections, compiled };
    process.stdout.write(
      `api-commands: autocannon, ${connections} connections, ${warmup} s warm-up + ${seconds} s per server, ` +
        `loopback; ${patients} patients, unique entryIds round-robin over them; servers ` +
        (compiled ? 'compiled, as npm start runs the api\n' : 'through ts-node\n'),
    );
    const bare = await measure('bare Nest POST route', 'bare', [], token, ids, options);
    const rows: BenchRow[] = [];
    // Explicit threads, the default one first (loadReadSideConfig).
    const defaultThread = loadReadSideConfig({}).projectorThread;
    const variants: { sync: 'FULL' | 'NORMAL'; projector: 'embedded' | 'off'; thread: 'main' | 'worker' }[] =
      [
        ...syncs.map((sync) => ({ sync, projector: 'embedded' as const, thread: defaultThread })),
        ...(syncs.includes('FULL')
          ? [
              {
                sync: 'FULL' as const,
                projector: 'embedded' as const,
                thread: defaultThread === 'main' ? ('worker' as const) : ('main' as const),
              },
              // The production shape: the projector in its own process, the api serving commands alone.
              { sync: 'FULL' as const, projector: 'off' as const, thread: defaultThread },
            ]
          : []),
      ];
    for (const { sync, projector, thread } of variants) {
      const copy = join(dir.path, `run-${sync}-${projector}-${thread}.sqlite`);
      copyFileSync(seeded, copy);
      const isDefault = sync === 'FULL' && projector === 'embedded' && thread === defaultThread;
      const label =
        `api POST time-entries, SQLite synchronous=${sync}` +
        (projector === 'off'
          ? ', projector in its own process'
          : thread === 'main'
            ? ', projector on the event loop'
            : ', projector on its own thread');
      const product = await measure(
        label,
        'product',
        [`--store=${copy}`, `--sync=${sync}`, `--projector=${projector}`, `--projector-thread=${thread}`],
        token,
        ids,
        options,
      );
      const ok = product.load.failed === 0 && product.load.errors === 0;
      const note = ok ? '' : `; WARNING ${product.load.failed} non-2xx, ${product.load.errors} errors`;
      rows.push(
        row({
          bench: 'api-commands',
          figure: `${label}${isDefault ? ' (default)' : ''}: commands/s`,
          value: product.perSecond,
          unit: 'commands/s',
          baselineLabel: 'bare Nest route',
          baseline: bare.perSecond,
          better: 'higher',
          rssMb: product.rssMb,
          detail:
            `p50 ${fmt(product.load.latency.p50)} ms (bare ${fmt(bare.load.latency.p50)} ms); ` +
            cpuDetail(product, bare) +
            `${connections} connections, ${fmtInt(product.load.ok)} commands in ${product.load.seconds} s${note}; ` +
            (product.catchUpMs === undefined
              ? ''
              : `read models caught up ${fmtInt(product.catchUpMs)} ms after the load; `) +
            `RSS is the api process's`,
        }),
        row({
          bench: 'api-commands',
          figure: `${label}${isDefault ? ' (default)' : ''}: p99 latency`,
          value: product.load.latency.p99,
          unit: 'ms',
          baselineLabel: 'bare Nest route',
          baseline: bare.load.latency.p99,
          better: 'lower',
          rssMb: product.rssMb,
          detail: `bare route peak RSS ${fmt(bare.rssMb, 0)} MiB`,
        }),
      );
    }
    printRows(rows);
  } finally {
    dir.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `api-commands benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
