/**
 * What bench/api-commands.ts and bench/api-memory.ts share: a seeded store, an api server in its own
 * process (bench/lib/api-server.ts), and autocannon load of POST /patients/{id}/time-entries with unique
 * entry ids.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import type { Actor } from '@ccm/domain';
import { SqliteEventStore } from '@ccm/event-store';
import { PatientRecords, PracticeRecords, type Clock } from '@ccm/record';
import { planClinic, practiceCommand } from '@ccm/synthetic-clinic';
import {
  BENCH_NOW,
  BENCH_PRACTICE,
  type FromServer,
  type MemoryUsageReport,
  type ServerKind,
  type ToServer,
} from './api-protocol';
import { forkTs, TS_EXEC_ARGV } from './child';
import type { CompiledTree } from './compiled';
import { summarise, type LatencySummary } from './measure';

const SEED_STEPS: ReadonlySet<string> = new Set(['EnrollPatient', 'RecordConsent']);

/**
 * Registers the practice and enrols (and records consent for) each patient through the real command
 * path, once, into a file every product run then starts from a copy of.
 */
export async function seedStore(filename: string, patients: number): Promise<string[]> {
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

export interface RunningServer {
  readonly port: number;
  /** The server's process id, for /proc/<pid>/status. */
  readonly pid: number;
  /** process.memoryUsage() in the server (after a full collection with `gc` when it runs with --expose-gc). */
  memory(gc?: boolean): Promise<MemoryUsageReport>;
  /** Ms until the read models had applied every command so far (undefined without a projector). */
  catchUp(timeoutMs: number): Promise<number | undefined>;
  /** Heap snapshots of the server's main thread and projector thread; resolves to their files. */
  snapshot(prefix: string): Promise<readonly string[]>;
  stop(): Promise<{ rssMb: number; catchUpMs?: number }>;
}

/**
 * Starts a server process: from TypeScript through ts-node, or from a `compiled` tree as `npm start` runs
 * the api. `nodeArgs` come after the product's own flags, so they override them (e.g.
 * --max-semi-space-size=16, --expose-gc).
 */
export function startServer(
  kind: ServerKind,
  args: readonly string[],
  options: {
    readonly nodeArgs?: readonly string[];
    readonly env?: NodeJS.ProcessEnv;
    readonly compiled?: CompiledTree;
  } = {},
): Promise<RunningServer> {
  // e.g. BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the servers.
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((a) => a.length > 0);
  const { compiled } = options;
  const script = compiled ? compiled.entry('bench/lib/api-server') : join(__dirname, 'api-server.ts');
  const child = forkTs(script, [`--kind=${kind}`, ...args], {
    execArgv: [...extra, ...(compiled ? compiled.execArgv : TS_EXEC_ARGV), ...(options.nodeArgs ?? [])],
    env: { ...process.env, ...options.env },
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
        pid: child.pid ?? -1,
        memory: (gc = false) =>
          new Promise((done) => {
            const onMessage = (m: FromServer) => {
              if (m.type !== 'memory') return;
              child.off('message', onMessage);
              done(m.usage);
            };
            child.on('message', onMessage);
            const ask: ToServer = { type: 'memory', gc };
            child.send(ask);
          }),
        catchUp: (timeoutMs) =>
          new Promise((done) => {
            const onMessage = (m: FromServer) => {
              if (m.type !== 'caught-up') return;
              child.off('message', onMessage);
              done(m.ms === null ? Number.NaN : m.ms);
            };
            child.on('message', onMessage);
            const ask: ToServer = { type: 'catch-up', timeoutMs };
            child.send(ask);
          }),
        snapshot: (prefix) =>
          new Promise((done) => {
            const onMessage = (m: FromServer) => {
              if (m.type !== 'snapshot') return;
              child.off('message', onMessage);
              done(m.files);
            };
            child.on('message', onMessage);
            const ask: ToServer = { type: 'snapshot', prefix };
            child.send(ask);
          }),
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

export interface LoadResult {
  readonly ok: number;
  readonly failed: number;
  readonly errors: number;
  readonly seconds: number;
  readonly latency: LatencySummary;
  /** Each response's time, ms, in the order they came (to summarise several loads together). */
  readonly latencies: readonly number[];
  readonly firstFailure?: string;
}

/** Keeps the first response of a load that was not a 2xx: its status and the start of its body. */
export class FirstNon2xx {
  value: string | undefined;
  readonly onResponse = (status: number, body: string): void => {
    if ((status < 200 || status >= 300) && this.value === undefined)
      this.value = `${status} ${body.slice(0, 300)}`;
  };
}

/** Unique entry ids for the whole run (warm-up included), patients taken round-robin. */
export class EntryIds {
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

/** `length`: seconds of load, or a fixed number of commands (the same work for every server compared). */
export function load(
  port: number,
  token: string,
  ids: EntryIds,
  length: number | { readonly commands: number },
  connections: number,
) {
  return new Promise<LoadResult>((resolve, reject) => {
    const latencies: number[] = [];
    const firstFailure = new FirstNon2xx();
    const started = performance.now();
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        ...(typeof length === 'number' ? { duration: length } : { amount: length.commands }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const { patientId, body } = ids.take();
              return { ...request, path: `/patients/${patientId}/time-entries`, body };
            },
            onResponse: firstFailure.onResponse,
          },
        ],
      },
      (error: Error | null, result: autocannon.Result) => {
        if (error) return reject(error);
        resolve({
          ok: result['2xx'],
          failed: result.non2xx,
          errors: result.errors,
          // autocannon's own duration is in whole seconds.
          seconds: (performance.now() - started) / 1000,
          latency: summarise(latencies),
          latencies,
          firstFailure: firstFailure.value,
        });
      },
    );
    // autocannon's own histogram keeps whole milliseconds; keep each response's exact time instead.
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

export interface ProcMemory {
  /** VmRSS: resident now. */
  readonly rssMb: number;
  /** VmHWM: the highest VmRSS so far. */
  readonly hwmMb: number;
  /** RssAnon (heaps, malloc), RssFile (mapped files, code), RssShmem (shared memory: SQLite's -shm). */
  readonly anonMb: number;
  readonly fileMb: number;
  readonly shmemMb: number;
}

/** Resident memory of a process, in MiB, from /proc/<pid>/status (Linux). */
export function procMemory(pid: number): ProcMemory | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) : Number.NaN;
  };
  return {
    rssMb: kb('VmRSS') / 1024,
    hwmMb: kb('VmHWM') / 1024,
    anonMb: kb('RssAnon') / 1024,
    fileMb: kb('RssFile') / 1024,
    shmemMb: kb('RssShmem') / 1024,
  };
}
