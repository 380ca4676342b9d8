import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { CcmMetrics, pinoOptions } from '@ccm/observability';
import type { DestinationStream } from 'pino';
import { ProjectionHealth } from '../read-models/projection-health';
import { HealthProbesController } from './health-probes.controller';
import { MetricsController } from './metrics.controller';
import { MetricsListener } from './metrics-listener';
import { OBSERVABILITY_CONFIG } from './observability.tokens';
import { loadObservabilityConfig, type ObservabilityConfig } from './observability-config';
import { createRequestLog } from './request-log';
import { RequestObserver } from './request-observer';

export interface ObservabilityOptions {
  readonly config: ObservabilityConfig;
  /** Tests capture the log records here instead of stdout. */
  readonly logSink?: DestinationStream;
}

/** The options an api starts with: the environment's unless given; `quiet` (tests) logs nothing. */
export function observabilityOptions(
  given: ObservabilityOptions | undefined,
  quiet = false,
): ObservabilityOptions {
  const options = given ?? { config: loadObservabilityConfig(process.env) };
  if (!quiet) return options;
  return { ...options, config: { ...options.config, log: { ...options.config.log, level: 'silent' } } };
}

/** Feeds the projection-lag gauges from the read side's health report when Prometheus scrapes. */
@Injectable()
class MetricsWiring implements OnApplicationBootstrap {
  constructor(
    private readonly metrics: CcmMetrics,
    private readonly moduleRef: ModuleRef,
    @Inject(OBSERVABILITY_CONFIG) private readonly config: ObservabilityConfig,
  ) {}

  onApplicationBootstrap(): void {
    const health = this.moduleRef.get(ProjectionHealth, { strict: false });
    this.metrics.measureLagWith(async () => (await health.report()).projections);
    if (this.config.metrics.warning) new Logger('metrics').warn(this.config.metrics.warning);
  }
}

/**
 * Logs, metrics and probes (README, "Logs, metrics and probes"):
 * - pino and nestjs-pino: JSON records on stdout, one per request (request-log.ts), PHI paths
 *   redacted; the application's Nest logger writes through it too (createApp calls useLogger).
 * - prom-client: GET /metrics here or on METRICS_PORT (metrics-listener.ts); every request timed by
 *   route template (request-observer.ts); the event store, the commands and the access log count into
 *   the same CcmMetrics.
 * - @nestjs/terminus: /health/live and /health/ready.
 *
 * nestjs-pino keeps one root logger per process, for records logged outside any request: the first api
 * created in a process sets it (one api per process in production). Request records are per api.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    const { config } = options;
    const servedHere = config.metrics.enabled && config.metrics.port === undefined;
    const metrics = new CcmMetrics();
    // This api's own request log, mounted by createApp ahead of everything (RequestObserver);
    // nestjs-pino then binds each request's logger for the code that logs while handling it
    // (`useExisting`), and logs outside requests through a child of the same logger.
    const requestLog = createRequestLog(config.log, options.logSink);
    return {
      module: ObservabilityModule,
      imports: [
        LoggerModule.forRoot({
          // nestjs-pino derives its root logger through pino-http, which puts its own error serializer
          // in unless given one: ours, so errors are reduced there too.
          pinoHttp: { logger: requestLog.logger, serializers: pinoOptions(config.log).serializers },
          useExisting: true,
        }),
        // A failed probe is an expected state, logged once as its request's record (warn), not as an error.
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthProbesController, ...(servedHere ? [MetricsController] : [])],
      providers: [
        { provide: OBSERVABILITY_CONFIG, useValue: config },
        { provide: CcmMetrics, useValue: metrics },
        { provide: RequestObserver, useValue: new RequestObserver(metrics, requestLog) },
        MetricsListener,
        MetricsWiring,
      ],
      exports: [CcmMetrics, OBSERVABILITY_CONFIG, MetricsListener, RequestObserver],
    };
  }
}
