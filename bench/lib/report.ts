/**
 * One row per figure: the figure, its baseline from the same run, and their ratio. Every benchmark
 * prints its rows as a table for people and as one `BENCH_JSON` line that bench/run-all.ts collects.
 */
import { fmt } from './measure';

export interface BenchRow {
  /** Which script measured it (append, api-commands, replay, seed-growth, ...). */
  readonly bench: string;
  readonly figure: string;
  readonly value: number;
  readonly unit: string;
  readonly baselineLabel: string;
  readonly baseline: number;
  /** value / baseline, in the unit of both. */
  readonly ratio: number;
  /** Whether a larger value is better (throughput) or a smaller one (latency, time). */
  readonly better: 'higher' | 'lower';
  /** Peak RSS of the process that did the work, in MiB. */
  readonly rssMb: number;
  readonly detail?: string;
}

export const RESULT_PREFIX = 'BENCH_JSON ';

export function row(input: Omit<BenchRow, 'ratio'>): BenchRow {
  return { ...input, ratio: input.baseline === 0 ? Number.NaN : input.value / input.baseline };
}

const digitsFor = (unit: string, value: number): number =>
  unit.endsWith('/s') || value >= 1000 ? 0 : value >= 100 ? 1 : 2;

export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  const digits = digitsFor(unit, value);
  const text = digits === 0 ? Math.round(value).toLocaleString('en-US') : value.toFixed(digits);
  return `${text} ${unit}`;
}

export function markdownTable(rows: readonly BenchRow[]): string {
  const lines = [
    '| figure | value | baseline | ratio (figure / baseline) | peak RSS | detail |',
    '| --- | ---: | --- | ---: | ---: | --- |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.figure} | ${formatValue(r.value, r.unit)} | ${r.baselineLabel}: ${formatValue(r.baseline, r.unit)} | ` +
        `${fmt(r.ratio)}× (${r.better} is better) | ${fmt(r.rssMb, 0)} MiB | ${r.detail ?? ''} |`,
    );
  }
  return lines.join('\n');
}

/** Prints the rows for a person, then once more as JSON for the run-all collector. */
export function printRows(rows: readonly BenchRow[]): void {
  process.stdout.write(`\n${markdownTable(rows)}\n\n`);
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(rows)}\n`);
}

/** Reads the rows a benchmark printed; lines that are not results are ignored. */
export function parseRows(output: string): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const line of output.split('\n')) {
    if (line.startsWith(RESULT_PREFIX))
      rows.push(...(JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchRow[]));
  }
  return rows;
}

/** Prints a progress line to stderr so stdout stays the results. */
export const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};
