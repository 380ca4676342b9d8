import { Injectable } from '@nestjs/common';
import { projectionHealth, type ProjectionHealthReport } from '@ccm/projections';
import { ReadSide } from './read-side';

export type { ProjectionHealthReport };

/**
 * Projection lag for /health. Exported by ReadModelsModule: HealthController can inject it and add
 * `projections: await this.projectionHealth.report()` to its answer. Never throws.
 */
@Injectable()
export class ProjectionHealth {
  constructor(private readonly readSide: ReadSide) {}

  report(): Promise<ProjectionHealthReport> {
    return projectionHealth({
      eventStore: this.readSide.eventStore,
      readModels: this.readSide.readModels,
      store: this.readSide.config.store.kind,
      mode: this.readSide.config.projector,
      projector: this.readSide.projector,
      partitionCount: this.readSide.config.partitions,
    });
  }
}
