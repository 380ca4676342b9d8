/**
 * Runs every benchmark at the default size (each in its own process, one after another, so none
 * disturbs another), prints one markdown table of figures against their same-run baselines and writes
 * it to bench/results/latest.md.
 *
 *   npm run bench            (package.json: "bench": "node --max-semi-space-size=32 -r ts-node/register/transpile-only -r ./scripts/register-aliases.js bench/run-all.ts")
 *   npm run bench -- --only=append,replay      run some of them
 *   npm run bench -- --full                    seed-growth at 1k, 10k and 100k patients, projection-rebuild
 *                                              at its own default size (long)
 *
 * The default sizes keep the whole run under five minutes on the 2-core machine: seed-growth at 1k and
 * 5k patients (bench/seed-growth.ts alone does 1k and 10k), projection-rebuild at 1k patients.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { endGroup, REPO_ROOT, runningGroups, runTs } from './lib/child';
import { argValue, fmt, hasFlag } from './lib/measure';
import { markdownTable, parseRows, RESULT_PREFIX, type BenchRow } from './lib/report';

interface Benchmark {
  readonly name: string;
  readonly script: string;
  readonly args: readonly string[];
  /** A run that takes longer is ended and reported as failed. */
  readonly timeoutMs: number;
}

const BENCH_DIR = join(REPO_ROOT, 'bench');

const BENCHMARKS: readonly Benchmark[] = [
  { name: 'append', script: 'append.ts', args: [], timeoutMs: 4 * 60_000 },
  { name: 'api-commands', script: 'api-commands.ts', args: [], timeoutMs: 4 * 60_000 },
  { name: 'replay', script: 'replay.ts', args: [], timeoutMs: 3 * 60_000 },
  { name: 'patient-history', script: 'patient-history.ts', args: [], timeoutMs: 3 * 60_000 },
  { name: 'live-projector', script: 'live-projector.ts', args: ['--rounds=1'], timeoutMs: 4 * 60_000 },
  { name: 'month-reads', script: 'month-reads.ts', args: ['--rounds=3'], timeoutMs: 3 * 60_000 },
  {
    name: 'read-verification',
    script: 'read-verification.ts',
    args: ['--patients=100', '--rounds=3'],
    timeoutMs: 3 * 60_000,
  },
  {
    name: 'seed-growth',
    script: 'seed-growth.ts',
    // 1k and 5k keep the whole run under five minutes; seed-growth.ts alone (or --full) does 1k and 10k.
    args: hasFlag('full') ? ['--sizes=1000,10000', '--full'] : ['--sizes=1000,5000', '--months=1'],
    timeoutMs: hasFlag('full') ? 6 * 3600_000 : 8 * 60_000,
  },
  // Its own default (10k patients) takes longer than the whole run's budget: 1k here, the default with --full.
  {
    name: 'projection-rebuild',
    script: 'projection-rebuild.ts',
    args: hasFlag('full') ? [] : ['--patients=1000'],
    timeoutMs: hasFlag('full') ? 3 * 3600_000 : 5 * 60_000,
  },
];

interface Outcome {
  readonly bench: Benchmark;
  readonly rows: BenchRow[];
  readonly seconds: number;
  readonly status: 'ok' | 'failed' | 'no-rows';
  readonly note?: string;
  readonly tail?: string;
}

async function runOne(bench: Benchmark): Promise<Outcome> {
  const script = join(BENCH_DIR, bench.script);
  process.stdout.write(`\n## ${bench.name}\n`);
  // Echo as it comes, line by line, leaving out the JSON lines meant for this collector.
  let pending = '';
  const run = await runTs(script, bench.args, bench.timeoutMs, (chunk, stream) => {
    if (stream === 'stderr') return void process.stderr.write(chunk);
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (!line.startsWith(RESULT_PREFIX)) process.stdout.write(`${line}\n`);
  });
  if (pending && !pending.startsWith(RESULT_PREFIX)) process.stdout.write(`${pending}\n`);
  const seconds = run.elapsedMs / 1000;
  const tail = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-15).join('\n');
  if (run.code !== 0) return { bench, rows: [], seconds, status: 'failed', note: `exit ${run.code}`, tail };
  const rows = parseRows(run.stdout);
  if (rows.length === 0)
    return { bench, rows, seconds, status: 'no-rows', note: 'printed no BENCH_JSON rows', tail };
  return { bench, rows, seconds, status: 'ok' };
}

function machine(): string {
  const cpu = cpus();
  return (
    `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${fmt(totalmem() / 2 ** 30, 0)} GiB, node ${process.version}, ` +
    `load average ${loadavg()
      .map((l) => fmt(l))
      .join(' / ')}`
  );
}

async function main(): Promise<void> {
  // Each benchmark runs in its own process group: an interrupted run-all ends them too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const pid of runningGroups) endGroup(pid, 'SIGTERM');
      process.exit(130);
    });
  }
  const only = argValue('only')
    ?.split(',')
    .map((s) => s.trim());
  const selected = BENCHMARKS.filter((b) => !only || only.includes(b.name));
  const started = Date.now();
  const before = machine();
  const outcomes: Outcome[] = [];
  for (const bench of selected) outcomes.push(await runOne(bench));
  const totalSeconds = (Date.now() - started) / 1000;
  const rows = outcomes.flatMap((o) => o.rows);
  const lines = [
    '# Benchmark results (latest run)',
    '',
    `Run at ${new Date().toISOString()} by \`npm run bench\` in ${fmt(totalSeconds, 0)} s.`,
    `Machine at start: ${before}.`,
    `Machine at end: ${machine()}.`,
    '',
    'Each figure is compared with a baseline measured in the same run (the machines are noisy: read ratios, ' +
      'not absolute values). Ratio = figure / baseline; "higher/lower is better" says which way is good. ' +
      'Peak RSS is that of the process that did the work.',
    '',
    markdownTable(rows),
    '',
    '| benchmark | status | seconds | note |',
    '| --- | --- | ---: | --- |',
    ...outcomes.map((o) => `| ${o.bench.name} | ${o.status} | ${fmt(o.seconds, 0)} | ${o.note ?? ''} |`),
  ];
  for (const o of outcomes.filter((x) => x.tail)) {
    lines.push('', `### ${o.bench.name}: last lines of output`, '', '```', o.tail ?? '', '```');
  }
  const markdown = `${lines.join('\n')}\n`;
  mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
  writeFileSync(join(BENCH_DIR, 'results', 'latest.md'), markdown);
  process.stdout.write(`\n${markdown}\nwritten to bench/results/latest.md\n`);
  if (outcomes.some((o) => o.status === 'failed')) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `run-all failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
