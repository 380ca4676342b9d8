import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { IncrementalAnchorer, startAnchorSchedule } from '@ccm/audit';
import type { EventStore } from '@ccm/event-store';
import { IntegrityMonitor, IntegrityViolationError, type Clock } from '@ccm/record';
import type { AppConfig } from '@ccm/runtime';
import { APP_CONFIG, CLOCK, EVENT_STORE } from '../infrastructure/tokens';

/** Signs an anchor of everything new every CCM_ANCHOR_INTERVAL_MINUTES when CCM_ANCHOR_KEY is set. */
@Injectable()
export class AnchorScheduleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditAnchors');
  private schedule: { stop(): Promise<void> } | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly integrity: IntegrityMonitor,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = this.config.anchorIntervalMinutes ?? 0;
    if (!this.config.anchorKey || minutes === 0) return;
    this.schedule = startAnchorSchedule(
      new IncrementalAnchorer(this.store, this.config.anchorKey, this.clock),
      minutes * 60_000,
      this.logger,
      (result) => {
        if (result.outcome === 'broken')
          this.integrity.record(new IntegrityViolationError(result.firstBreak), 'anchor');
      },
    );
    this.logger.log(`signing an anchor every ${minutes} minutes`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.schedule?.stop();
  }
}
