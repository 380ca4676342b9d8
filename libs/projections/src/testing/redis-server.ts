/**
 * A private redis-server for one test suite: a free port, no persistence, a temp directory. Tests never
 * touch a Redis they did not start. `stop()` and `start()` let a test simulate an outage on the same port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRedisServer {
  readonly url: string;
  readonly port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open, nothing answers, data is kept. */
  pause(): void;
  resume(): void;
  /** Stops the server and removes its directory. */
  close(): Promise<void>;
}

export async function startRedisServer(): Promise<TestRedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ccm-redis-'));
  let child: ChildProcess | undefined;

  const server: TestRedisServer = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      if (child) return;
      const spawned = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
        { stdio: 'ignore' },
      );
      child = spawned;
      let failure: Error | undefined;
      spawned.once('error', (error: NodeJS.ErrnoException) => (failure = redisServerFailed(error)));
      spawned.once('exit', (code, signal) => {
        failure ??= new Error(`redis-server exited (${code ?? signal}) before answering on port ${port}`);
      });
      try {
        await waitUntil(
          () => answersPing(port),
          10_000,
          `redis-server did not answer on port ${port} within 10 s`,
          () => failure,
        );
      } catch (error) {
        // A server that never came up is not running: stop() and close() must not wait for it.
        if (child === spawned) child = undefined;
        spawned.kill('SIGKILL');
        throw error;
      }
    },
    async stop() {
      const running = child;
      if (!running) return;
      child = undefined;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGKILL');
      await exited;
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async close() {
      server.resume();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Why redis-server could not be spawned, saying how to install it when it is missing. */
export function redisServerFailed(error: NodeJS.ErrnoException): Error {
  return new Error(
    error.code === 'ENOENT'
      ? 'redis-server is not installed (no redis-server on PATH). Install it (Debian: apt-get install redis-server); ' +
          '`npm test` installs it itself when run as root on a machine with apt-get.'
      : `redis-server could not be started: ${error.message}`,
  );
}

/** Polls `check` until it holds (a check that throws counts as not yet); stops early on `failed` (the process died). */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  message: string,
  failed: () => Error | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    const failure = failed();
    if (failure) throw failure;
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
