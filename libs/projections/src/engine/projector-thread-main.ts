/**
 * The projector thread's entry (see projector-thread.ts): the same Projector the standalone process runs,
 * over its own connections to the api's event store file and to the read-model store.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEventStore } from '@ccm/event-store';
import { ALL_PROJECTIONS } from '../all-projections';
import { openReadModelStore } from '../read-model-config';
import { Projector, type ProjectorLogger } from './projector';
import type {
  FromProjectorThread,
  ProjectorThreadData,
  ToProjectorThread,
} from './projector-thread-protocol';

function run(port: NonNullable<typeof parentPort>, data: ProjectorThreadData): void {
  const post = (message: FromProjectorThread): void => port.postMessage(message);
  // Commands first: where cores are scarce the api's event loop gets the CPU, and the read models catch
  // up in what is left. On Linux a thread's nice value is its own (setpriority with pid 0 names the
  // calling thread), so the api's threads stay as they are; elsewhere it may lower the whole process.
  if (process.platform === 'linux' && data.nice > 0) {
    try {
      setPriority(data.nice);
    } catch {
      // Not allowed here: the thread runs at the process's priority.
    }
  }
  const logger: ProjectorLogger = {
    log: (message) => post({ kind: 'log', level: 'log', message }),
    warn: (message) => post({ kind: 'log', level: 'warn', message }),
    error: (message) => post({ kind: 'log', level: 'error', message }),
  };
  const eventStore = new SqliteEventStore({
    filename: data.eventStoreFile,
    pollIntervalMs: data.pollIntervalMs,
  });
  const readModels = openReadModelStore(data.readModelStore);
  let lastReport = 0;
  const report = (): void => {
    lastReport = Date.now();
    post({ kind: 'status', statuses: projector.status() });
  };
  const projector: Projector = new Projector({
    eventStore,
    readModels,
    projections: ALL_PROJECTIONS,
    logger,
    batchSize: data.batchSize,
    partitions: data.partitions,
    idleFlushMs: data.idleFlushMs,
    versionCheckMs: data.versionCheckMs,
    // Batches can follow each other quickly: report at most every few milliseconds, the timer does the rest.
    onBatch: () => {
      if (Date.now() - lastReport >= 20) report();
    },
  });
  projector.start();
  const timer = setInterval(report, data.statusIntervalMs);
  report();

  let stopping = false;
  port.on('message', (message: ToProjectorThread) => {
    if (message.kind === 'appended') {
      eventStore.appendedElsewhere();
      return;
    }
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    void (async () => {
      try {
        await projector.stop();
        report();
        await readModels.close();
        await eventStore.close();
      } finally {
        post({ kind: 'stopped' });
        port.close();
      }
    })();
  });
}

if (parentPort) run(parentPort, workerData as ProjectorThreadData);
