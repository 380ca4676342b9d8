import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventStore } from '@ccm/event-store';
import {
  ALL_PROJECTIONS,
  RETIRED_READ_MODELS,
  describeReadModelStore,
  loadReadSideConfig,
  openReadModelStore,
  connectRedis,
  DEFAULT_LEASE_MS,
  PartitionCoordinator,
  projectionHealth,
  Projector,
  RedisPartitionLeases,
  RedisReadModelStore,
  type ProjectorLogger,
  type ReadModelStore,
} from '@ccm/projections';
import { IncrementalAnchorer, startAnchorSchedule } from '@ccm/audit';
import { systemClock } from '@ccm/record';
import { loadConfig, openEventStore } from '@ccm/runtime';
import {
  CcmMetrics,
  createLogger,
  loadLogConfig,
  meterEventStore,
  messageLogger,
  type MessageLogger,
} from '@ccm/observability';
import { timingSafeEqual, createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { DestinationStream } from 'pino';

export interface ProjectorProcess {
  /** The port /health answers on. */
  readonly port: number;
  readonly projector: Projector;
  /** With Redis read models: the leases through which projector processes share the partitions. */
  readonly coordinator?: PartitionCoordinator;
  stop(): Promise<void>;
}

/**
 * JSON records on stdout (pino; LOG_LEVEL, LOG_FORMAT, LOG_REDACT_PATHS as for the api), service
 * `projector`; the messages name projections, positions and error types, never data.
 */
export function jsonLogger(env: NodeJS.ProcessEnv = process.env, sink?: DestinationStream): MessageLogger {
  return messageLogger(createLogger(loadLogConfig('projector', env), sink), 'projector');
}

/**
 * The projector as its own process: the api's configuration (EVENT_STORE, CCM_DATA_DIR,
 * READ_MODEL_STORE, REDIS_URL), the projector following every read model (PROJECTOR_BATCH_SIZE events
 * per batch, 500 by default), READ_MODEL_PARTITIONS partitions shared with the other projector processes
 * through leases in the read models' Redis (PROJECTOR_LEASE_MS, 10 s by default; PROJECTOR_OWNER names
 * this process, host and pid by default), signed audit anchors every CCM_ANCHOR_INTERVAL_MINUTES when CCM_ANCHOR_KEY
 * is set, and on HEALTH_PORT: GET /health (200 while the read-model store answers, 503 when it does
 * not), /health/live (the process answers), /health/ready (both stores answer) and /metrics
 * (Prometheus; with METRICS_TOKEN set, only to `Authorization: Bearer <token>`).
 */
export async function startProjectorProcess(
  env: NodeJS.ProcessEnv = process.env,
  logger: ProjectorLogger = jsonLogger(env),
): Promise<ProjectorProcess> {
  const config = loadConfig(env);
  const readSide = loadReadSideConfig(env);
  const metrics = new CcmMetrics();
  const eventStore: EventStore = meterEventStore(await openEventStore(config.eventStore), metrics);
  const readModels: ReadModelStore = openReadModelStore(readSide.store);
  const batchSize = Number(env.PROJECTOR_BATCH_SIZE ?? 500);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error('PROJECTOR_BATCH_SIZE must be a positive whole number');
  if (readModels instanceof RedisReadModelStore) {
    // Keys of the layout before partitions are read by nothing: the read models are rebuilt under the new ones.
    const names = [...ALL_PROJECTIONS.map((p) => p.name), ...Object.keys(RETIRED_READ_MODELS)];
    const removed = await readModels.removeEarlierKeyLayout(names).catch(() => 0);
    if (removed > 0) logger.log(`removed ${removed} Redis keys of the read models' earlier key layout`);
  }
  const leaseMs = Number(env.PROJECTOR_LEASE_MS ?? DEFAULT_LEASE_MS);
  if (!Number.isInteger(leaseMs) || leaseMs < 300)
    throw new Error('PROJECTOR_LEASE_MS must be a whole number of milliseconds, at least 300');
  // Leases live where the read models do: with Redis, any number of projector processes may share them.
  const leaseClient =
    readSide.store.kind === 'redis'
      ? connectRedis(readSide.store.url, { connectionName: 'ccm-projector-leases' })
      : undefined;
  const projector = new Projector({
    eventStore,
    readModels,
    projections: ALL_PROJECTIONS,
    logger,
    batchSize,
    partitions: readSide.partitions,
    assignedPartitions: leaseClient !== undefined,
    onBatch: (batch) => metrics.projectorEvents.inc({ read_model: batch.projection }, batch.events),
  });
  projector.start();
  const leases = leaseClient ? new RedisPartitionLeases(leaseClient) : undefined;
  const coordinator = leases
    ? new PartitionCoordinator({
        leases,
        projector,
        partitions: readSide.partitions,
        owner: env.PROJECTOR_OWNER || `${hostname()}-${process.pid}`,
        leaseMs,
        logger,
      })
    : undefined;
  coordinator?.start();
  const minutes = config.anchorIntervalMinutes ?? 0;
  const anchors =
    config.anchorKey && minutes > 0
      ? startAnchorSchedule(
          new IncrementalAnchorer(eventStore, config.anchorKey, systemClock),
          minutes * 60_000,
          logger,
        )
      : undefined;
  const report = () =>
    projectionHealth({
      eventStore,
      readModels,
      store: readSide.store.kind,
      mode: 'standalone',
      projector,
      partitionCount: readSide.partitions,
      partitions: leases
        ? async () => ({
            count: readSide.partitions,
            worked: projector.workedPartitions(),
            holders: (await leases.holders(readSide.partitions)).map((holder) => holder ?? null),
          })
        : undefined,
    });
  metrics.measureLagWith(async () => (await report()).projections);
  const server = await listen(Number(env.HEALTH_PORT ?? 3001), {
    report,
    eventStoreAnswers: () => eventStore.readStream('ccm.health-probe', { maxCount: 1 }).then(() => true),
    metrics,
    metricsToken: env.METRICS_TOKEN || undefined,
  });
  const port = (server.address() as AddressInfo).port;
  logger.log(
    `projector following ${ALL_PROJECTIONS.length} read models from ${config.eventStore.kind} into ${describeReadModelStore(readSide.store)}; health on port ${port}`,
  );
  return {
    port,
    projector,
    coordinator,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await anchors?.stop();
      // Leases are given up at once, so the other projectors take the partitions without waiting.
      await coordinator?.stop();
      leaseClient?.disconnect();
      await projector.stop();
      await readModels.close();
      await eventStore.close();
    },
  };
}

interface Endpoints {
  readonly report: () => Promise<{ status: string }>;
  readonly eventStoreAnswers: () => Promise<boolean>;
  readonly metrics: CcmMetrics;
  readonly metricsToken?: string;
}

function listen(port: number, endpoints: Endpoints): Promise<Server> {
  const json = (res: ServerResponse, status: number, body: unknown) =>
    res
      .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify(body));
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const fail = () => (res.headersSent ? res.end() : res.writeHead(500).end());
    if (req.method !== 'GET') return json(res, 404, { statusCode: 404, reason: 'NOT_FOUND' });
    switch (path) {
      case '/health':
        // A halted read model needs an operator: answered as a failure, so whatever watches this alerts.
        endpoints
          .report()
          .then(
            (body) => json(res, body.status === 'unavailable' || body.status === 'halted' ? 503 : 200, body),
            fail,
          );
        return;
      case '/health/live':
        return json(res, 200, { status: 'ok', info: { process: { status: 'up' } } });
      case '/health/ready':
        // Ready to project: both stores answer. Catching up is what it is there for, not a reason to wait.
        Promise.all([endpoints.eventStoreAnswers().catch(() => false), endpoints.report()]).then(
          ([eventStore, report]) => {
            const ok = eventStore && report.status !== 'unavailable';
            json(res, ok ? 200 : 503, {
              status: ok ? 'ok' : 'error',
              details: {
                eventStore: { status: eventStore ? 'up' : 'down' },
                readModels: { status: report.status === 'unavailable' ? 'down' : 'up' },
              },
            });
          },
          fail,
        );
        return;
      case '/metrics':
        if (!mayScrape(req.headers.authorization, endpoints.metricsToken))
          return json(res, 401, { statusCode: 401, reason: 'UNAUTHENTICATED' });
        endpoints.metrics.exposition().then(({ contentType, body }) => {
          res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
        }, fail);
        return;
      default:
        return json(res, 404, { statusCode: 404, reason: 'NOT_FOUND' });
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

/** With a token configured, only `Bearer <token>`; compared as digests, in constant time. */
function mayScrape(header: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  if (!header?.startsWith('Bearer ')) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(header.slice('Bearer '.length).trim()), digest(token));
}
