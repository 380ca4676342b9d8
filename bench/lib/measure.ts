/**
 * Small measuring helpers shared by the benchmark scripts: clocks, percentiles, memory, temp files.
 * Benchmarks print figures; nothing here asserts on time.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const now = (): number => performance.now();

/** Nearest-rank percentile of already sorted values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

export function summarise(latenciesMs: readonly number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.length === 0 ? Number.NaN : sum / sorted.length,
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1],
  };
}

/** Peak resident set size of this process so far, in MiB (Linux reports maxRSS in KiB). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function currentRssMb(): number {
  return process.memoryUsage().rss / (1024 * 1024);
}

/** A fresh directory under the OS temp dir, removed by the returned function. */
export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `ccm-bench-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Lets pending timers and I/O callbacks run, e.g. between a warm-up and a measured phase. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

/** Tries to collect garbage between phases when node runs with --expose-gc; harmless otherwise. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

export const fmt = (value: number, digits = 2): string =>
  Number.isFinite(value) ? value.toFixed(digits) : String(value);

export const fmtInt = (value: number): string =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : String(value);

/** Reads `--name=value` or `--name value` from argv; flags without value read as 'true'. */
export function argValue(name: string, argv: readonly string[] = process.argv.slice(2)): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === `--${name}`) {
      const next = argv[i + 1];
      return next !== undefined && !next.startsWith('--') ? next : 'true';
    }
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

export function numberArg(name: string, fallback: number): number {
  const raw = argValue(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

export const hasFlag = (name: string): boolean => argValue(name) !== undefined;

/** The fastest of `times` runs, in ms, each after a full GC. */
export async function best(times: number, run: () => Promise<unknown>): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < times; i++) {
    collectGarbage();
    const started = now();
    await run();
    fastest = Math.min(fastest, now() - started);
  }
  return fastest;
}

export interface ProcCpu {
  /** User + system seconds of every thread of the process. */
  readonly processSeconds: number;
  /** User + system seconds of its main thread (the event loop). */
  readonly mainThreadSeconds: number;
}

/** CPU a process has used so far, from /proc (Linux; clock ticks of 10 ms). */
export function procCpu(pid: number): ProcCpu | undefined {
  const seconds = (path: string): number => {
    const text = readFileSync(path, 'utf8');
    // The command name, in parentheses, may hold spaces: fields are counted after it.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  try {
    return {
      processSeconds: seconds(`/proc/${pid}/stat`),
      mainThreadSeconds: seconds(`/proc/${pid}/task/${pid}/stat`),
    };
  } catch {
    return undefined;
  }
}
