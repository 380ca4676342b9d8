/**
 * Issue #20: the Fastify adapter (@nestjs/platform-fastify) against Express, same route, same validation.
 * Four servers, each its own process (bench/lib/platform-trial-server.ts), loaded from this one with the
 * product bench's generator (autocannon, POST /patients/{id}/time-entries, unique entryIds, the same body):
 *
 *   bare Express (the baseline), bare Fastify: one trivial POST controller, no pipes;
 *   command path on Express and on Fastify: the api's global ValidationPipe and request DTO (LogTimeDto),
 *   and a @nestjs/cqrs CommandBus dispatching to a handler that stores nothing. No guards, no store.
 *
 * Each round starts the four servers one after another (A B C D, then again), each fresh, warmed up, then
 * measured; the median of the rounds is reported per server, against bare Express of the same run. The
 * detail column has each server's CPU per request (process.cpuUsage in the server over the measured load,
 * user + system, divided by the requests it received): less sensitive to a shared machine than req/s.
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/platform-trial.ts \
 *     [--duration=10] [--warmup=1] [--connections=10] [--rounds=2] [--ts]
 *
 * The servers run compiled, as `npm start` runs the api (--ts: from sources through ts-node, which loads
 * Node's `domain` module with its REPL; see api-commands.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { EntryIds, load } from './lib/api-load';
import { forkTs } from './lib/child';
import { compiledUnlessTs, type CompiledTree } from './lib/compiled';
import { fmt, fmtInt, median, numberArg, tempDir } from './lib/measure';
import type { FromTrialServer, ToTrialServer, TrialPath, TrialPlatform } from './lib/platform-trial-server';
import { log, printRows, row, type BenchRow } from './lib/report';

type Server = { readonly label: string; readonly platform: TrialPlatform; readonly path: TrialPath };
const SERVERS: readonly Server[] = [
  { label: 'bare Express', platform: 'express', path: 'bare' },
  { label: 'bare Fastify', platform: 'fastify', path: 'bare' },
  { label: 'command path Express', platform: 'express', path: 'command' },
  { label: 'command path Fastify', platform: 'fastify', path: 'command' },
];

/** One measured server; `failed`: non-2xx answers and errors. */
type Run = { perSecond: number; p99: number; cpuUsPerRequest: number; rssMb: number; failed: number };

/** Sends `message` and resolves with the first answer of type `answer` (a failure or an exit rejects). */
function ask<T extends FromTrialServer['type']>(
  child: ChildProcess,
  message: ToTrialServer | undefined,
  answer: T,
): Promise<Extract<FromTrialServer, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`trial server exited (${code}) before '${answer}'`));
    const onMessage = (m: FromTrialServer) => {
      if (m.type === 'failed') reject(new Error(m.message));
      if (m.type !== answer) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as Extract<FromTrialServer, { type: T }>);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (message) child.send(message);
  });
}

/** One request must be answered 201 with the entry id echoed, or the trial stops here. */
async function assertAnswers(label: string, port: number, ids: EntryIds): Promise<void> {
  const { patientId, body } = ids.take();
  const response = await fetch(`http://127.0.0.1:${port}/patients/${patientId}/time-entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer trial' },
    body,
  });
  const text = await response.text();
  const entryId = (JSON.parse(body) as { entryId: string }).entryId;
  if (response.status !== 201 || text !== JSON.stringify({ entryId, revision: 0 }))
    throw new Error(
      `${label}: expected 201 {"entryId":"${entryId}","revision":0}, got ${response.status} ${text}`,
    );
}

async function measure(
  server: Server,
  ids: EntryIds,
  o: { seconds: number; warmup: number; connections: number; compiled?: CompiledTree },
) {
  const { compiled } = o;
  const child = forkTs(
    compiled
      ? compiled.entry('bench/lib/platform-trial-server')
      : join(__dirname, 'lib', 'platform-trial-server.ts'),
    [`--platform=${server.platform}`, `--path=${server.path}`],
    compiled ? { execArgv: [...compiled.execArgv] } : {},
  );
  try {
    const { port } = await ask(child, undefined, 'ready');
    await assertAnswers(server.label, port, ids);
    await load(port, 'trial', ids, o.warmup, o.connections);
    await ask(child, { type: 'mark' }, 'marked');
    const result = await load(port, 'trial', ids, o.seconds, o.connections);
    const stopped = await ask(child, { type: 'stop' }, 'stopped');
    const run: Run = {
      perSecond: result.ok / result.seconds,
      p99: result.latency.p99,
      cpuUsPerRequest: stopped.cpuUs / stopped.requests,
      rssMb: stopped.maxRssKb / 1024,
      failed: result.failed + result.errors,
    };
    process.stdout.write(
      `  ${server.label}: ${fmtInt(run.perSecond)} 2xx/s, p50 ${fmt(result.latency.p50)} ms, p99 ${fmt(run.p99)} ms, ` +
        `${fmt(run.cpuUsPerRequest, 1)} µs CPU/request (${fmtInt(stopped.requests)} requests), ` +
        `non-2xx ${result.failed}, errors ${result.errors}, peak RSS ${fmt(run.rssMb, 0)} MiB\n`,
    );
    if (result.firstFailure) process.stdout.write(`    first non-2xx: ${result.firstFailure}\n`);
    return run;
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
}

/** The median of the rounds of one server (failures summed), and the rounds themselves. */
type Summary = Run & { readonly label: string; readonly rounds: readonly Run[] };
function summary(label: string, rounds: readonly Run[]): Summary {
  const mid = (pick: (r: Run) => number) => median(rounds.map(pick));
  const failed = rounds.reduce((n, r) => n + r.failed, 0);
  return {
    label,
    rounds,
    failed,
    perSecond: mid((r) => r.perSecond),
    p99: mid((r) => r.p99),
    cpuUsPerRequest: mid((r) => r.cpuUsPerRequest),
    rssMb: mid((r) => r.rssMb),
  };
}

function compare(figure: Summary, baseline: Summary): BenchRow[] {
  const cpu =
    `CPU/request ${fmt(figure.cpuUsPerRequest, 1)} µs vs ${fmt(baseline.cpuUsPerRequest, 1)} µs ` +
    `(${fmt(figure.cpuUsPerRequest / baseline.cpuUsPerRequest)}×)`;
  const warn =
    figure.failed + baseline.failed > 0 ? `; WARNING ${figure.failed + baseline.failed} non-2xx/errors` : '';
  const common = { bench: 'platform-trial', baselineLabel: baseline.label, rssMb: figure.rssMb };
  const per = (pick: (r: Run) => string) => figure.rounds.map(pick).join(', ');
  return [
    row({
      ...common,
      figure: `${figure.label}: req/s`,
      value: figure.perSecond,
      unit: 'req/s',
      baseline: baseline.perSecond,
      better: 'higher',
      detail: `${cpu}; rounds ${per((r) => fmtInt(r.perSecond))}${warn}`,
    }),
    row({
      ...common,
      figure: `${figure.label}: p99 latency`,
      value: figure.p99,
      unit: 'ms',
      baseline: baseline.p99,
      better: 'lower',
      detail: `rounds ${per((r) => fmt(r.p99))} ms; RSS is the figure's server`,
    }),
  ];
}

async function main(): Promise<void> {
  const o = {
    seconds: numberArg('duration', 10),
    warmup: numberArg('warmup', 1),
    connections: numberArg('connections', 10),
  };
  const rounds = numberArg('rounds', 2);
  const ids = new EntryIds(Array.from({ length: 1000 }, (_, i) => `pt-trial-${i}`));
  const dir = tempDir('platform-trial');
  try {
    const compiled = compiledUnlessTs(
      join(dir.path, 'compiled'),
      'platform-trial: compiling apps, libs and bench...',
    );
    await trial({ ...o, compiled }, rounds, ids);
  } finally {
    dir.remove();
  }
}

async function trial(
  o: { seconds: number; warmup: number; connections: number; compiled?: CompiledTree },
  rounds: number,
  ids: EntryIds,
): Promise<void> {
  const { compiled } = o;
  process.stdout.write(
    `platform-trial: autocannon, ${o.connections} connections, ${o.warmup} s warm-up + ${o.seconds} s per server, ` +
      `${rounds} round(s) of ${SERVERS.map((s) => s.label).join(', ')}; medians of rounds; servers ` +
      (compiled ? 'compiled\n' : 'through ts-node\n'),
  );
  const runs = new Map<Server, Run[]>(SERVERS.map((s) => [s, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const server of SERVERS) {
      log(`platform-trial: round ${round}/${rounds}, ${server.label}...`);
      runs.get(server)?.push(await measure(server, ids, o));
    }
  }
  const [bareExpress, bareFastify, commandExpress, commandFastify] = SERVERS.map((s) =>
    summary(s.label, runs.get(s) ?? []),
  );
  printRows([
    ...compare(bareFastify, bareExpress),
    ...compare(commandExpress, bareExpress),
    ...compare(commandFastify, bareExpress),
    ...compare(commandFastify, commandExpress),
  ]);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `platform-trial failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
