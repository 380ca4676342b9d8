import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import type { EventStore } from '@ccm/event-store';
import { safeName } from '@ccm/observability';
import { Public } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { EVENT_STORE } from '../infrastructure/tokens';
import { ProjectionHealth } from '../read-models/projection-health';
import { OBSERVABILITY_CONFIG } from './observability.tokens';
import type { ObservabilityConfig } from './observability-config';

/**
 * Liveness and readiness for an orchestrator (docker-compose, Kubernetes), beside GET /health (the
 * report for people) and /health/projections:
 * - /health/live: the process answers. Nothing else: a store outage must not get the api restarted.
 * - /health/ready: send it traffic. The event store answers within READY_TIMEOUT_MS, and every read
 *   model has a version readers may use (none is being built from nothing) and is at most
 *   READY_MAX_LAG events behind. 503 `NOT_READY` otherwise, with terminus' details.
 */
@ApiTags('health')
@Controller('health')
export class HealthProbesController {
  private eventStore?: EventStore;
  private projectionHealth?: ProjectionHealth;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly moduleRef: ModuleRef,
    @Inject(OBSERVABILITY_CONFIG) private readonly config: ObservabilityConfig,
  ) {}

  @Get('live')
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process is up (never depends on the stores)' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) }),
    ]);
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the event store answers and the read models are caught up enough' })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.eventStoreAnswers(), () => this.readModelsCaughtUp()]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException)
        throw new ApiError(503, 'NOT_READY', 'Not ready to serve; see details.', {
          details: error.getResponse() as Record<string, unknown>,
        });
      throw error;
    }
  }

  private eventStoreAnswers(): PromiseLike<HealthIndicatorResult<'eventStore'>> {
    const store = (this.eventStore ??= this.moduleRef.get<EventStore>(EVENT_STORE, { strict: false }));
    return this.indicators
      .check('eventStore')
      .attempt(async () => {
        try {
          await store.readStream('ccm.health-probe', { maxCount: 1 });
        } catch (error) {
          // terminus would show the message; an adapter's message may quote its connection string.
          throw new Error(
            `the event store does not answer (${safeName((error as Error | undefined)?.name)})`,
          );
        }
      })
      .withTimeout(this.config.readiness.timeoutMs);
  }

  private async readModelsCaughtUp(): Promise<HealthIndicatorResult<'readModels'>> {
    const health = (this.projectionHealth ??= this.moduleRef.get(ProjectionHealth, { strict: false }));
    const report = await health.report();
    const maxLag = this.config.readiness.maxLag;
    const notReady = report.projections
      .filter((p) => p.version === null || !isBuilt(p) || p.behindIsLowerBound || p.behind > maxLag)
      .map((p) => p.projection);
    const indicator = this.indicators.check('readModels');
    const data = { store: report.store, projector: report.projector, maxLag };
    if (report.status === 'unavailable')
      return indicator.down({ ...data, message: 'the read-model store does not answer' });
    return notReady.length === 0 ? indicator.up(data) : indicator.down({ ...data, notReady });
  }
}

/** A version readers may not use yet answers them 503 (READ_MODEL_REBUILDING): not ready either. */
function isBuilt(lag: object): boolean {
  return (lag as { built?: boolean }).built !== false;
}
