import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { loadReadSideConfig } from '@ccm/projections';
import { PatientReadsController } from './patient-reads.controller';
import { MetricsReadsController } from './metrics-reads.controller';
import { FunnelReadsController } from './funnel-reads.controller';
import { PracticeReadsController } from './practice-reads.controller';
import { ProjectionHealth } from './projection-health';
import { ProjectionHealthController } from './projection-health.controller';
import { READ_SIDE_OPTIONS, ReadSide, type ReadSideOptions } from './read-side';
import { ReadYourWritesInterceptor } from './read-your-writes.interceptor';

/**
 * The read side in the api: read endpoints over the read models, projection health, and the projector
 * itself when it runs embedded (the default with SQLite). Configuration: READ_MODEL_STORE, REDIS_URL,
 * CCM_DATA_DIR, CCM_PROJECTOR (see libs/projections/src/read-model-config.ts).
 */
@Module({})
export class ReadModelsModule {
  /**
   * `dataDir`: the api's data directory (AppConfig.dataDir), so the embedded read-model file sits beside
   * the event store file. Tests may pass a whole configuration, a store and projector tuning instead.
   */
  static forRoot(options: Partial<ReadSideOptions> & { dataDir?: string } = {}): DynamicModule {
    const { dataDir, ...rest } = options;
    const env = dataDir === undefined ? process.env : { ...process.env, CCM_DATA_DIR: dataDir };
    const resolved: ReadSideOptions = { ...rest, config: rest.config ?? loadReadSideConfig(env) };
    return {
      module: ReadModelsModule,
      controllers: [
        PatientReadsController,
        PracticeReadsController,
        MetricsReadsController,
        FunnelReadsController,
        ProjectionHealthController,
      ],
      providers: [
        { provide: READ_SIDE_OPTIONS, useValue: resolved },
        ReadSide,
        ProjectionHealth,
        { provide: APP_INTERCEPTOR, useClass: ReadYourWritesInterceptor },
      ],
      exports: [ReadSide, ProjectionHealth],
    };
  }
}
