import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SqliteEventStore } from '@ccm/event-store';
import { ALL_PROJECTIONS } from '../all-projections';
import { DEFAULT_PROJECTOR_NICE, type ReadModelStoreConfig } from '../read-model-config';
import type { ReadModelStore } from '../read-model-store';
import { backoffDelay, DEFAULT_BACKOFF, Sleeper, type BackoffOptions } from './backoff';
import { measureLags, type ProjectionLag } from './projection-lag';
import type { ProjectorLogger } from './projector';
import { startingStatus, type ProjectionStatus } from './running-projector';
import type { FromProjectorThread, ProjectorThreadData } from './projector-thread-protocol';
import { waitUntilCaughtUp, type RunningProjector } from './running-projector';

export interface ProjectorThreadOptions {
  /** The api's own connection to the event store file: its commits wake the thread. */
  readonly eventStore: SqliteEventStore;
  /** The api's connection to the read models, to measure lag from this thread. */
  readonly readModels: ReadModelStore;
  /** Where the thread opens its own connection to the read models. */
  readonly readModelStore: ReadModelStoreConfig;
  /** See ProjectorOptions.partitions. */
  readonly partitions?: number;
  readonly batchSize?: number;
  readonly idleFlushMs?: number;
  readonly versionCheckMs?: number;
  readonly pollIntervalMs?: number;
  readonly statusIntervalMs?: number;
  readonly logger?: ProjectorLogger;
  /** Delay before a thread that died is started again. */
  readonly restartBackoff?: BackoffOptions;
  /** The thread's nice value on Linux (default 5, see ReadSideConfig.projectorNice). */
  readonly nice?: number;
  /** How long stop() lets the thread finish its batch before ending it. */
  readonly stopTimeoutMs?: number;
}

/** Thrown at construction when the event store has no file another connection could open. */
export class ProjectorThreadUnavailableError extends Error {
  override readonly name = 'ProjectorThreadUnavailableError';
}

/**
 * The embedded projector on a worker thread of the api process: projection work (reading events,
 * deciding months, writing documents) no longer shares the event loop with requests, and on a machine
 * with a second core it runs beside them. The thread has its own connections to the event store file and
 * the read models; the api's commits wake it at once (a poll catches anything else). A thread that dies
 * is started again with backoff; commands never wait for it.
 */
export class ProjectorThread implements RunningProjector {
  private worker?: Worker;
  private exited: Promise<void> = Promise.resolve();
  private statuses: ProjectionStatus[];
  private readonly sleeper = new Sleeper();
  private readonly eventStoreFile: string;
  private unlisten?: () => void;
  private started = false;
  private stopping = false;
  private consecutiveExits = 0;

  constructor(private readonly options: ProjectorThreadOptions) {
    const file = options.eventStore.filename;
    if (file === undefined) throw new ProjectorThreadUnavailableError('the event store is not in a file');
    this.eventStoreFile = file;
    this.statuses = ALL_PROJECTIONS.map((p) => startingStatus(p.name));
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.unlisten = this.options.eventStore.onAppended(() => this.worker?.postMessage({ kind: 'appended' }));
    this.spawn();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.sleeper.wake();
    this.unlisten?.();
    const worker = this.worker;
    if (worker) {
      const kill = setTimeout(() => void worker.terminate(), this.options.stopTimeoutMs ?? 10_000);
      worker.postMessage({ kind: 'stop' });
      await this.exited;
      clearTimeout(kill);
    }
    this.statuses = this.statuses.map((s) => ({ ...s, state: 'stopped' }));
  }

  status(): ProjectionStatus[] {
    return this.statuses.map((s) => ({ ...s }));
  }

  lag(): Promise<ProjectionLag[]> {
    return measureLags(
      this.options.eventStore,
      this.options.readModels,
      ALL_PROJECTIONS,
      this.options.partitions ?? 1,
    );
  }

  waitUntilCaughtUp(timeoutMs?: number): Promise<void> {
    return waitUntilCaughtUp(() => this.lag(), timeoutMs);
  }

  /** The running thread, for tests that end it abruptly. */
  get thread(): Worker | undefined {
    return this.worker;
  }

  private spawn(): void {
    const worker = startWorker({
      eventStoreFile: this.eventStoreFile,
      readModelStore: this.options.readModelStore,
      batchSize: this.options.batchSize,
      partitions: this.options.partitions,
      idleFlushMs: this.options.idleFlushMs,
      versionCheckMs: this.options.versionCheckMs,
      pollIntervalMs: this.options.pollIntervalMs,
      statusIntervalMs: this.options.statusIntervalMs ?? 250,
      nice: this.options.nice ?? DEFAULT_PROJECTOR_NICE,
    });
    this.worker = worker;
    const logger = this.options.logger;
    worker.on('message', (message: FromProjectorThread) => {
      if (message.kind === 'status') {
        this.statuses = [...message.statuses];
        if (message.statuses.every((s) => s.state === 'live')) this.consecutiveExits = 0;
      } else if (message.kind === 'log') {
        logger?.[message.level](message.message);
      }
    });
    // By type only: an error's message may quote data.
    worker.on('error', (error) => logger?.error(`projector thread failed: ${error.name}`));
    this.exited = new Promise((resolve) => {
      worker.once('exit', (code) => {
        this.worker = undefined;
        resolve();
        if (!this.stopping) void this.restart(code);
      });
    });
  }

  private async restart(code: number): Promise<void> {
    this.consecutiveExits += 1;
    this.statuses = this.statuses.map((s) => ({
      ...s,
      state: 'retrying',
      retries: this.consecutiveExits,
      lastError: 'ProjectorThreadExited',
    }));
    this.options.logger?.warn(`projector thread exited (code ${code}); starting it again`);
    await this.sleeper.sleep(
      backoffDelay(this.consecutiveExits, this.options.restartBackoff ?? DEFAULT_BACKOFF),
    );
    if (!this.stopping) this.spawn();
  }
}

/**
 * Projection allocates documents that die within a batch: a young generation larger than V8's default
 * (about a 32 MiB semi-space) lets them die there instead of being promoted and collected again, which
 * took about a sixth of the CPU of batches of 100 off (bench/projection-rebuild.ts --batch=100).
 */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 96 };

function startWorker(data: ProjectorThreadData): Worker {
  const extension = extname(__filename);
  const entry = join(__dirname, `projector-thread-main${extension}`);
  // Compiled (dist): the thread inherits the process's `-r register-aliases` like any script.
  if (extension !== '.ts') return new Worker(entry, { workerData: data, resourceLimits: RESOURCE_LIMITS });
  // From TypeScript sources (ts-node, Jest): a script of the repository compiles them for the thread.
  const typescriptThread = resolve(__dirname, '../../../../scripts/typescript-thread.js');
  return new Worker(typescriptThread, { workerData: { ...data, entry }, resourceLimits: RESOURCE_LIMITS });
}
