import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventStore } from '@ccm/event-store';
import {
  ALL_PROJECTIONS,
  describeReadModelStore,
  loadReadSideConfig,
  openReadModelStore,
  projectionHealth,
  Projector,
  type ProjectorLogger,
  type ReadModelStore,
} from '@ccm/projections';
import { IncrementalAnchorer, startAnchorSchedule } from '@ccm/audit';
import { systemClock } from '@ccm/record';
import { loadConfig, openEventStore } from '@ccm/runtime';

export interface ProjectorProcess {
  /** The port /health answers on. */
  readonly port: number;
  readonly projector: Projector;
  stop(): Promise<void>;
}

/** Lines with a time and a level on stdout; only projection names, positions and error types, never data. */
export const consoleLogger: ProjectorLogger = {
  log: (message) => process.stdout.write(`${new Date().toISOString()} info  ${message}\n`),
  warn: (message) => process.stdout.write(`${new Date().toISOString()} warn  ${message}\n`),
  error: (message) => process.stderr.write(`${new Date().toISOString()} error ${message}\n`),
};

/**
 * The projector as its own process: the api's configuration (EVENT_STORE, CCM_DATA_DIR,
 * READ_MODEL_STORE, REDIS_URL), the projector following every read model (PROJECTOR_BATCH_SIZE events
 * per batch, 500 by default), signed audit anchors every CCM_ANCHOR_INTERVAL_MINUTES when CCM_ANCHOR_KEY
 * is set, and GET /health on HEALTH_PORT (200 while the read-model store answers,
 * 503 when it does not).
 */
export async function startProjectorProcess(
  env: NodeJS.ProcessEnv = process.env,
  logger: ProjectorLogger = consoleLogger,
): Promise<ProjectorProcess> {
  const config = loadConfig(env);
  const readSide = loadReadSideConfig(env);
  const eventStore: EventStore = await openEventStore(config.eventStore);
  const readModels: ReadModelStore = openReadModelStore(readSide.store);
  const batchSize = Number(env.PROJECTOR_BATCH_SIZE ?? 500);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error('PROJECTOR_BATCH_SIZE must be a positive whole number');
  const projector = new Projector({
    eventStore,
    readModels,
    projections: ALL_PROJECTIONS,
    logger,
    batchSize,
  });
  projector.start();
  const minutes = config.anchorIntervalMinutes ?? 0;
  const anchors =
    config.anchorKey && minutes > 0
      ? startAnchorSchedule(
          new IncrementalAnchorer(eventStore, config.anchorKey, systemClock),
          minutes * 60_000,
          logger,
        )
      : undefined;
  const server = await listen(Number(env.HEALTH_PORT ?? 3001), async () =>
    projectionHealth({ eventStore, readModels, store: readSide.store.kind, mode: 'standalone', projector }),
  );
  const port = (server.address() as AddressInfo).port;
  logger.log(
    `projector following ${ALL_PROJECTIONS.length} read models from ${config.eventStore.kind} into ${describeReadModelStore(readSide.store)}; health on port ${port}`,
  );
  return {
    port,
    projector,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await anchors?.stop();
      await projector.stop();
      await readModels.close();
      await eventStore.close();
    },
  };
}

function listen(port: number, report: () => Promise<{ status: string }>): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '/').split('?')[0] !== '/health') {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"statusCode":404,"reason":"NOT_FOUND"}');
      return;
    }
    report().then(
      (body) => {
        res.writeHead(body.status === 'unavailable' ? 503 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      },
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}
