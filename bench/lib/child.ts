/** Starts benchmark TypeScript entry points in their own node process, the way the README runs them. */
import { fork, spawn, type ChildProcess, type ForkOptions } from 'node:child_process';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** node flags that run a .ts entry with the monorepo's @ccm/* aliases, as `npx ts-node --transpile-only -r ...`. */
export const TS_EXEC_ARGV: readonly string[] = [
  // As the product's processes run (package.json): projection and commands allocate short-lived documents.
  '--max-semi-space-size=32',
  '-r',
  'ts-node/register/transpile-only',
  '-r',
  join(REPO_ROOT, 'scripts', 'register-aliases.js'),
];

/** Forks a .ts module with an IPC channel; its stdout and stderr go to ours. */
export function forkTs(script: string, args: readonly string[], options: ForkOptions = {}): ChildProcess {
  return fork(script, [...args], {
    cwd: REPO_ROOT,
    execArgv: [...TS_EXEC_ARGV],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...options,
  });
}

export interface FinishedRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly elapsedMs: number;
}

/** Process groups of the scripts `runTs` is running now, so a caller that is interrupted can end them. */
export const runningGroups = new Set<number>();

/** Ends one process group this module started (the script and whatever it started, e.g. a redis-server). */
export function endGroup(pid: number, signal: NodeJS.Signals = 'SIGTERM'): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Runs a .ts script to the end, echoing its output as it comes and keeping it for parsing. The script
 * gets its own process group: a run that outlasts `timeoutMs` is ended with everything it started, and
 * nothing it started outlives it.
 */
export function runTs(
  script: string,
  args: readonly string[],
  timeoutMs: number,
  echo: (chunk: string, stream: 'stdout' | 'stderr') => void = () => undefined,
): Promise<FinishedRun> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...TS_EXEC_ARGV, script, ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const pid = child.pid;
    if (pid !== undefined) runningGroups.add(pid);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      echo(chunk, 'stdout');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      echo(chunk, 'stderr');
    });
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      stderr += `\n(ended after ${timeoutMs} ms)\n`;
      if (pid === undefined) return;
      endGroup(pid, 'SIGTERM');
      killer = setTimeout(() => endGroup(pid, 'SIGKILL'), 5_000);
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (killer) clearTimeout(killer);
      if (pid !== undefined) {
        endGroup(pid, 'SIGKILL'); // anything the script started and left behind
        runningGroups.delete(pid);
      }
      resolvePromise({ code, stdout, stderr, elapsedMs: Date.now() - started });
    });
  });
}
