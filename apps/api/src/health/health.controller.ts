import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@ccm/event-store';
import { Public } from '../auth/auth.decorators';
import type { AppConfig } from '@ccm/runtime';
import { APP_CONFIG, EVENT_STORE } from '../infrastructure/tokens';
import { ApiError } from '../http/api-error';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and whether the event store answers' })
  async health() {
    try {
      await this.store.readStream('ccm.health-probe', { maxCount: 1 });
    } catch {
      throw new ApiError(503, 'EVENT_STORE_UNAVAILABLE', 'The event store does not answer.');
    }
    return { status: 'ok', eventStore: this.config.eventStore.kind };
  }
}
