import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@ccm/event-store';
import { Public } from '../auth/auth.decorators';
import type { AppConfig } from '@ccm/runtime';
import { APP_CONFIG, EVENT_STORE } from '../infrastructure/tokens';
import { ApiError } from '../http/api-error';
import { ProjectionHealth } from '../read-models/projection-health';
import { IntegrityHealth } from '../integrity/integrity-health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projectionHealth: ProjectionHealth,
    private readonly integrity: IntegrityHealth,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness, whether the event store answers, and projection lag' })
  async health() {
    try {
      await this.store.readStream('ccm.health-probe', { maxCount: 1 });
    } catch {
      throw new ApiError(503, 'EVENT_STORE_UNAVAILABLE', 'The event store does not answer.');
    }
    // Lagging projections do not make the api unhealthy: commands are still accepted and stored.
    return {
      status: 'ok',
      eventStore: this.config.eventStore.kind,
      projections: await this.projectionHealth.report(),
      // Hash chains found broken (reads, commands, anchors, the projector): counts only, see IntegrityHealth.
      integrity: this.integrity.report(),
    };
  }
}
