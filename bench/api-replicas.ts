/**
 * Api replicas as separate processes on one event store, under load (issue 20; docs/scaling.md, "the
 * access log at peak"): commands spread over the replicas while staff read the practice's worklist, every
 * read of which appends to the practice's access log before it is served.
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/api-replicas.ts \
 *     [--duration=10] [--patients=1000] [--connections=8] [--read-connections=4] [--pairs=100] [--ts]
 *
 * The replicas run compiled, as `npm start` runs the api (--ts: from sources through ts-node; see
 * api-commands.ts for why that is not the same).
 *
 * Three runs, each on a copy of one seeded SQLite store at synchronous=FULL:
 *  - one replica (the baseline), with the embedded projector on its own thread;
 *  - two replicas, one keeping the read models and one with its projector off, both reading the same
 *    read-model file, with ACCESS_LOG_SHARDS=1: both append every worklist read to the same practice
 *    stream, so they race for its end;
 *  - the same with ACCESS_LOG_SHARDS=2: each replica soon writes a shard of its own.
 * After the timed load, each two-replica run sends `--pairs` commands to both replicas at the same instant
 * (the same entry, as a client retrying on another replica would). Then, with the servers stopped, it
 * checks the store and throws where it does not hold: no command recorded twice, every command answered
 * 2xx recorded and every worklist read answered 2xx logged (a load stopped at its deadline leaves up to a
 * request per connection recorded and unanswered), and every stream's hash chain intact. Figures are
 * ratios against the one-replica run; on this 2-core machine the replicas and the load generator share
 * the cores, so two replicas measure contention, not added capacity.
 */
import autocannon from 'autocannon';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { signAccessToken } from '@ccm/auth';
import { PRACTICE_ACCESS_EVENT } from '@ccm/domain';
import { SqliteEventStore, type GlobalPosition } from '@ccm/event-store';
import { ChainTails } from '@ccm/record';
import { BENCH_NOW, BENCH_PRACTICE, BENCH_SECRET } from './lib/api-protocol';
import {
  EntryIds,
  FirstNon2xx,
  load,
  seedStore,
  startServer,
  type LoadResult,
  type RunningServer,
} from './lib/api-load';
import { compiledUnlessTs, type CompiledTree } from './lib/compiled';
import { fmt, fmtInt, numberArg, summarise, tempDir } from './lib/measure';
import { log, printRows, row, type BenchRow } from './lib/report';

interface ReadResult {
  readonly ok: number;
  readonly failed: number;
  readonly latencies: readonly number[];
  readonly firstFailure?: string;
}

/** GET /worklist for `seconds`: a practice-wide read, logged in the practice's access log before it is served. */
function readLoad(port: number, token: string, seconds: number, connections: number): Promise<ReadResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const firstFailure = new FirstNon2xx();
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: seconds,
        headers: { authorization: `Bearer ${token}` },
        requests: [
          {
            method: 'GET',
            path: '/worklist?limit=50',
            onResponse: firstFailure.onResponse,
          },
        ],
      },
      (error: Error | null, result: autocannon.Result) => {
        if (error) return reject(error);
        resolve({
          ok: result['2xx'],
          failed: result.non2xx + result.errors,
          latencies,
          // Errors and timeouts have no response: say how many, as a non-2xx says what it was.
          firstFailure:
            firstFailure.value ??
            (result.errors > 0 ? `${result.errors} errors, ${result.timeouts} of them timeouts` : undefined),
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

/** The same command sent to every replica at the same instant; answers whether each said 2xx with the same body. */
async function sendEverywhere(ports: readonly number[], token: string, ids: EntryIds): Promise<boolean> {
  const { patientId, body } = ids.take();
  const answers = await Promise.all(
    ports.map(async (port) => {
      const response = await fetch(`http://127.0.0.1:${port}/patients/${patientId}/time-entries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
      return { ok: response.ok, body: await response.text() };
    }),
  );
  return answers.every((a) => a.ok && a.body === answers[0].body);
}

interface Checked {
  readonly entries: number;
  readonly practiceReads: number;
  readonly practiceReadStreams: number;
  readonly events: number;
}

/** What the store holds after a run: every chain verified, time entries and practice-wide reads counted. */
async function checkStore(filename: string): Promise<Checked> {
  const store = new SqliteEventStore({ filename });
  const chains = new ChainTails();
  const entryIds = new Set<string>();
  const readStreams = new Set<string>();
  let practiceReads = 0;
  let events = 0;
  try {
    for (let after: GlobalPosition | undefined; ;) {
      const page = await store.readAll({ after, maxCount: 4096 });
      for (const event of page.events) {
        events++;
        // Throws IntegrityViolationError at the first event that does not continue its stream's chain.
        chains.acceptFromStart(event);
        const entryId = (event.data as { entryId?: unknown }).entryId;
        if (event.type === 'TimeLogged' && typeof entryId === 'string' && entryId.startsWith('bench-')) {
          if (entryIds.has(entryId)) throw new Error(`time entry ${entryId} recorded twice`);
          entryIds.add(entryId);
        }
        if (event.type === PRACTICE_ACCESS_EVENT) {
          practiceReads++;
          readStreams.add(event.streamId);
        }
      }
      after = page.lastPosition ?? after;
      if (page.isEnd) break;
    }
  } finally {
    await store.close();
  }
  return { entries: entryIds.size, practiceReads, practiceReadStreams: readStreams.size, events };
}

interface Run {
  readonly label: string;
  readonly commandsPerSecond: number;
  readonly commandP99: number;
  readonly readsPerSecond: number;
  readonly readP99: number;
  readonly rssMb: number;
  readonly detail: string;
}

async function run(input: {
  readonly label: string;
  readonly seeded: string;
  /** What the seeded store held before the run. */
  readonly before: Checked;
  readonly copy: string;
  readonly replicas: 1 | 2;
  readonly shards: number;
  readonly token: string;
  readonly ids: EntryIds;
  readonly seconds: number;
  readonly connections: number;
  readonly readConnections: number;
  readonly pairs: number;
  readonly compiled?: CompiledTree;
}): Promise<Run> {
  copyFileSync(input.seeded, input.copy);
  const env = { ACCESS_LOG_SHARDS: String(input.shards) };
  const args = [`--store=${input.copy}`, '--sync=FULL'];
  log(`api-replicas: ${input.label}: starting...`);
  const servers: RunningServer[] = [];
  try {
    // The first keeps the read models (and says it is ready once they have caught up); the others read them.
    const { compiled } = input;
    servers.push(await startServer('product', [...args, '--projector-thread=worker'], { env, compiled }));
    for (let i = 1; i < input.replicas; i++)
      servers.push(await startServer('product', [...args, '--projector=off'], { env, compiled }));
    const share = (total: number) => Math.max(1, Math.round(total / input.replicas));
    const loadAll = (seconds: number) =>
      Promise.all([
        Promise.all(
          servers.map((s) => load(s.port, input.token, input.ids, seconds, share(input.connections))),
        ),
        Promise.all(servers.map((s) => readLoad(s.port, input.token, seconds, share(input.readConnections)))),
      ]);
    const [warmCommands, warmReads] = await loadAll(1);
    const started = performance.now();
    const [commands, reads] = await loadAll(input.seconds);
    const seconds = (performance.now() - started) / 1000;
    let pairsAlike = 0;
    if (servers.length > 1) {
      const ports = servers.map((s) => s.port);
      for (let i = 0; i < input.pairs; i++)
        if (await sendEverywhere(ports, input.token, input.ids)) pairsAlike++;
    }
    const stopped = await Promise.all(servers.splice(0).map((s) => s.stop()));
    const all = (results: readonly (LoadResult | ReadResult)[]) => results.reduce((sum, r) => sum + r.ok, 0);
    const failed = (results: readonly (LoadResult | ReadResult)[]) =>
      results.reduce((sum, r) => sum + r.failed + ('errors' in r ? r.errors : 0), 0);
    const accepted = all(warmCommands) + all(commands) + pairsAlike;
    const checked = await checkStore(input.copy);
    const { before } = input;
    const served = all(warmReads) + all(reads);
    // Requests in flight when a load stops are recorded or logged but never counted as answered.
    const inFlight = (total: number) => 2 * input.replicas * share(total);
    const recorded = checked.entries - before.entries;
    const logged = checked.practiceReads - before.practiceReads;
    const loads: (LoadResult | ReadResult)[] = [...warmCommands, ...commands, ...warmReads, ...reads];
    const requestsFailed = failed(loads);
    const firstFailures = loads.flatMap((r) =>
      r.firstFailure !== undefined
        ? [r.firstFailure]
        : 'errors' in r && r.errors > 0
          ? [`${r.errors} commands without a response`]
          : [],
    );
    const problems = [
      ...(input.replicas > 1 && pairsAlike !== input.pairs
        ? [
            `${input.pairs - pairsAlike} of ${input.pairs} commands sent to both replicas were not answered alike`,
          ]
        : []),
      ...(recorded < accepted || recorded > accepted + inFlight(input.connections)
        ? [`${accepted} commands answered 2xx, ${recorded} time entries recorded`]
        : []),
      ...(logged < served || logged > served + inFlight(input.readConnections)
        ? [`${served} worklist reads answered 2xx, ${logged} logged`]
        : []),
      ...(requestsFailed > 0
        ? [
            `${requestsFailed} requests failed; the first of each load that failed: ${firstFailures.join(' | ')}`,
          ]
        : []),
    ];
    if (problems.length > 0) throw new Error(`${input.label}: ${problems.join('; ')}`);
    const commandLatency = summarise(commands.flatMap((c) => c.latencies));
    const readLatency = summarise(reads.flatMap((r) => r.latencies));
    const result: Run = {
      label: input.label,
      commandsPerSecond: all(commands) / seconds,
      commandP99: commandLatency.p99,
      readsPerSecond: all(reads) / seconds,
      readP99: readLatency.p99,
      rssMb: Math.max(...stopped.map((s) => s.rssMb)),
      detail:
        `${fmtInt(all(commands))} commands and ${fmtInt(all(reads))} worklist reads in ${fmt(seconds, 1)} s; ` +
        `every one recorded or logged once, ${fmtInt(checked.events)} events' chains intact; ` +
        `practice reads in ${checked.practiceReadStreams} stream(s)` +
        (input.replicas > 1
          ? `; ${pairsAlike} of ${input.pairs} commands sent to both replicas at once answered alike`
          : ''),
    };
    process.stdout.write(
      `  ${input.label}: ${fmtInt(result.commandsPerSecond)} commands/s (p99 ${fmt(result.commandP99)} ms), ` +
        `${fmtInt(result.readsPerSecond)} worklist reads/s (p99 ${fmt(result.readP99)} ms); ${result.detail}\n`,
    );
    return result;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

async function main(): Promise<void> {
  const seconds = numberArg('duration', 10);
  const patients = numberArg('patients', 1000);
  const connections = numberArg('connections', 8);
  const readConnections = numberArg('read-connections', 4);
  const pairs = numberArg('pairs', 100);
  const dir = tempDir('api-replicas');
  try {
    const compiled = compiledUnlessTs(
      join(dir.path, 'compiled'),
      'api-replicas: compiling apps, libs and bench...',
    );
    const seeded = join(dir.path, 'seeded.sqlite');
    log(`api-replicas: seeding ${patients} patients...`);
    const ids = new EntryIds(await seedStore(seeded, patients));
    const token = signAccessToken(
      { userId: 'rn-lopez', role: 'care_manager', practiceId: BENCH_PRACTICE },
      BENCH_SECRET,
      { now: new Date(BENCH_NOW), ttlSeconds: 3600 },
    );
    const before = await checkStore(seeded);
    const common = { seeded, before, token, ids, seconds, connections, readConnections, pairs, compiled };
    const runs: Run[] = [];
    for (const [label, replicas, shards] of [
      ['1 replica', 1, 1],
      ['2 replicas, 1 access-log shard', 2, 1],
      ['2 replicas, 2 access-log shards', 2, 2],
    ] as const) {
      runs.push(
        await run({
          ...common,
          label,
          replicas,
          shards,
          copy: join(dir.path, `${replicas}-${shards}.sqlite`),
        }),
      );
    }
    const [base] = runs;
    const rows: BenchRow[] = runs.slice(1).flatMap((r) => [
      row({
        bench: 'api-replicas',
        figure: `${r.label}: commands/s`,
        value: r.commandsPerSecond,
        unit: 'commands/s',
        baselineLabel: base.label,
        baseline: base.commandsPerSecond,
        better: 'higher',
        rssMb: r.rssMb,
        detail: r.detail,
      }),
      row({
        bench: 'api-replicas',
        figure: `${r.label}: worklist reads/s`,
        value: r.readsPerSecond,
        unit: 'reads/s',
        baselineLabel: base.label,
        baseline: base.readsPerSecond,
        better: 'higher',
        rssMb: r.rssMb,
        detail: `read p99 ${fmt(r.readP99)} ms against ${fmt(base.readP99)} ms`,
      }),
      row({
        bench: 'api-replicas',
        figure: `${r.label}: command p99`,
        value: r.commandP99,
        unit: 'ms',
        baselineLabel: base.label,
        baseline: base.commandP99,
        better: 'lower',
        rssMb: r.rssMb,
        detail: `${connections} command and ${readConnections} read connections in all, split over the replicas`,
      }),
    ]);
    printRows(rows);
  } finally {
    dir.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
