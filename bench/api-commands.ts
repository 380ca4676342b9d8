/**
 * Command throughput through the HTTP api: POST /patients/{id}/time-entries with unique entryIds spread
 * over many seeded patients, driven by autocannon over loopback, against the limit: a bare Nest app with
 * one trivial POST controller on the same route, same platform, no global pipes or guards.
 *
 * Each server runs in its own process (bench/lib/api-server.ts); this process only generates load.
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/api-commands.ts \
 *     [--duration=10] [--warmup=1] [--connections=10] [--patients=1000] [--sync=FULL,NORMAL]
 *
 * The default keeps the read models with the embedded projector: on a worker thread of the api with two
 * cores or more, on its event loop otherwise (CCM_PROJECTOR_THREAD). With FULL, the api is also measured
 * with the projector on the other thread, and with the projector off (CCM_PROJECTOR=off), as deployed
 * with the projector in its own process: what the command path costs without the read models kept
 * in-process (no projector process runs meanwhile, so on a 2-core machine this is the api alone, not the
 * whole system). With a projector in the api, the figure says how long after the load the read models had
 * applied every command: a projector that falls behind would otherwise flatter the figure.
 */
import autocannon from 'autocannon';
import { copyFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { signAccessToken } from '@ccm/auth';
import type { Actor } from '@ccm/domain';
import { SqliteEventStore } from '@ccm/event-store';
import { loadReadSideConfig } from '@ccm/projections';
import { PatientRecords, PracticeRecords, type Clock } from '@ccm/record';
import { planClinic, practiceCommand } from '@ccm/synthetic-clinic';
import {
  BENCH_NOW,
  BENCH_PRACTICE,
  BENCH_SECRET,
  type FromServer,
  type ServerKind,
  type ToServer,
} from './lib/api-protocol';
import { forkTs, TS_EXEC_ARGV } from './lib/child';
import { argValue, fmt, fmtInt, numberArg, summarise, tempDir, type LatencySummary } from './lib/measure';
import { log, printRows, row, type BenchRow } from './lib/report';

const SEED_STEPS: ReadonlySet<string> = new Set(['EnrollPatient', 'RecordConsent']);

/**
 * Registers the practice and enrols (and records consent for) each patient through the real command
 * path, once, into a file every product run then starts from a copy of.
 */
async function seedStore(filename: string, patients: number): Promise<string[]> {
  const fixed = new Date(BENCH_NOW);
  const clock: Clock = { now: () => fixed };
  const store = new SqliteEventStore({ filename, synchronous: 'NORMAL' });
  const practices = new PracticeRecords(store, clock);
  const records = new PatientRecords(store, practices, clock);
  const context = (actor: Actor) => {
    const id = randomUUID();
    return { actor, correlationId: id, causationId: id };
  };
  const admin: Actor = { userId: 'admin-bench', role: 'admin', practiceId: BENCH_PRACTICE };
  await practices.execute(practiceCommand(BENCH_PRACTICE), context(admin));
  const ids: string[] = [];
  for (const plan of planClinic({
    practiceId: BENCH_PRACTICE,
    patients,
    months: 1,
    seed: 7,
    lastDay: '2026-03-30',
  })) {
    for (const step of plan.steps) {
      if (SEED_STEPS.has(step.command.type))
        await records.execute(plan.patientId, step.command, context(step.actor));
    }
    ids.push(plan.patientId);
  }
  await store.close();
  return ids;
}

interface RunningServer {
  readonly port: number;
  stop(): Promise<{ rssMb: number; catchUpMs?: number }>;
}

function startServer(kind: ServerKind, args: readonly string[]): Promise<RunningServer> {
  // e.g. BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the servers.
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((a) => a.length > 0);
  const child = forkTs(join(__dirname, 'lib', 'api-server.ts'), [`--kind=${kind}`, ...args], {
    execArgv: [...extra, ...TS_EXEC_ARGV],
  });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${kind} server exited early (${code})`));
    child.once('exit', onExit);
    child.once('message', (message: FromServer) => {
      if (message.type === 'failed') return reject(new Error(message.message));
      if (message.type !== 'ready') return reject(new Error(`unexpected message ${message.type}`));
      child.off('exit', onExit);
      resolve({
        port: message.port,
        stop: () =>
          new Promise((done) => {
            let stopped: { maxRssKb: number; catchUpMs?: number } = { maxRssKb: Number.NaN };
            // The server first lets its read models catch up (up to 300 s), then closes.
            const timer = setTimeout(() => child.kill('SIGTERM'), 330_000);
            child.on('message', (m: FromServer) => {
              if (m.type === 'stopped') stopped = m;
            });
            child.once('exit', () => {
              clearTimeout(timer);
              done({ rssMb: stopped.maxRssKb / 1024, catchUpMs: stopped.catchUpMs });
            });
            const stop: ToServer = { type: 'stop' };
            child.send(stop);
          }),
      });
    });
  });
}

interface LoadResult {
  readonly ok: number;
  readonly failed: number;
  readonly errors: number;
  readonly seconds: number;
  readonly latency: LatencySummary;
  readonly firstFailure?: string;
}

/** Unique entry ids for the whole run (warm-up included), patients taken round-robin. */
class EntryIds {
  private next = 1;
  constructor(private readonly patients: readonly string[]) {}
  take(): { patientId: string; body: string } {
    const n = this.next++;
    const patientId = this.patients[n % this.patients.length];
    const day = String(1 + (n % 31)).padStart(2, '0');
    const hour = String(8 + (n % 3)).padStart(2, '0');
    return {
      patientId,
      body: JSON.stringify({
        entryId: `bench-${n}`,
        performerRole: 'clinical_staff',
        program: 'CCM',
        activity: 'care_coordination_call',
        serviceDate: `2026-03-${day}`,
        startTime: `${hour}:${String((n % 12) * 5).padStart(2, '0')}`,
        minutes: 5 + (n % 20),
      }),
    };
  }
}

function load(port: number, token: string, ids: EntryIds, seconds: number, connections: number) {
  return new Promise<LoadResult>((resolve, reject) => {
    const latencies: number[] = [];
    let firstFailure: string | undefined;
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: seconds,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const { patientId, body } = ids.take();
              return { ...request, path: `/patients/${patientId}/time-entries`, body };
            },
            onResponse: (status, body) => {
              if ((status < 200 || status >= 300) && firstFailure === undefined)
                firstFailure = `${status} ${body.slice(0, 300)}`;
            },
          },
        ],
      },
      (error: Error | null, result: autocannon.Result) => {
        if (error) return reject(error);
        resolve({
          ok: result['2xx'],
          failed: result.non2xx,
          errors: result.errors,
          seconds: result.duration,
          latency: summarise(latencies),
          firstFailure,
        });
      },
    );
    // autocannon's own histogram keeps whole milliseconds; keep each response's exact time instead.
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

interface Measured {
  readonly label: string;
  readonly perSecond: number;
  readonly load: LoadResult;
  readonly rssMb: number;
  /** How long after the load the embedded projector had applied every command; undefined without one. */
  readonly catchUpMs?: number;
}

async function measure(
  label: string,
  kind: ServerKind,
  serverArgs: readonly string[],
  token: string,
  ids: EntryIds,
  options: { seconds: number; warmup: number; connections: number },
): Promise<Measured> {
  log(`api: starting ${label}...`);
  const server = await startServer(kind, serverArgs);
  try {
    log(`api: ${label}: warm-up ${options.warmup} s, then ${options.seconds} s measured`);
    await load(server.port, token, ids, options.warmup, options.connections);
    const result = await load(server.port, token, ids, options.seconds, options.connections);
    const { rssMb, catchUpMs } = await server.stop();
    const measured = { label, perSecond: result.ok / result.seconds, load: result, rssMb, catchUpMs };
    process.stdout.write(
      `  ${label}: ${fmtInt(measured.perSecond)} 2xx/s, p50 ${fmt(result.latency.p50)} ms, ` +
        `p99 ${fmt(result.latency.p99)} ms, non-2xx ${result.failed}, errors ${result.errors}, ` +
        `server peak RSS ${fmt(rssMb, 0)} MiB` +
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
    const seeded = join(dir.path, 'seeded.sqlite');
    log(`api: seeding ${patients} patients (enrolment and consent through the command path)...`);
    const patientIds = await seedStore(seeded, patients);
    const token = signAccessToken(
      { userId: 'rn-lopez', role: 'care_manager', practiceId: BENCH_PRACTICE },
      BENCH_SECRET,
      { now: new Date(BENCH_NOW), ttlSeconds: 24 * 3600 },
    );
    const ids = new EntryIds(patientIds);
    const options = { seconds, warmup, connections };
    process.stdout.write(
      `api-commands: autocannon, ${connections} connections, ${warmup} s warm-up + ${seconds} s per server, ` +
        `loopback; ${patients} patients, unique entryIds round-robin over them\n`,
    );
    const bare = await measure('bare Nest POST route', 'bare', [], token, ids, options);
    const rows: BenchRow[] = [];
    // Explicit threads: the default depends on the cores (loadReadSideConfig), the figures should not.
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
