import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { SqliteEventStore, type EventStore } from '@ccm/event-store';
import {
  ALL_PROJECTIONS,
  describeReadModelStore,
  openReadModelStore,
  Projector,
  ProjectorThread,
  ReadModelQueries,
  readModelProgress,
  type ProjectorOptions,
  type ReadModelProgress,
  type ReadModelStore,
  type ReadSideConfig,
  type RunningProjector,
} from '@ccm/projections';
import type { Clock } from '@ccm/record';
import { CLOCK, EVENT_STORE } from '../infrastructure/tokens';

export const READ_SIDE_OPTIONS = Symbol('ReadSideOptions');
const EMBEDDED_BATCH_SIZE = 100;
const PROGRESS_TTL_MS = 1000;

export interface ReadSideOptions {
  readonly config: ReadSideConfig;
  /** Tests hand in a store they inspect; otherwise the configured one is opened. */
  readonly store?: ReadModelStore;
  /** Tuning for the embedded projector (tests make it quicker). */
  readonly projector?: Partial<Omit<ProjectorOptions, 'eventStore' | 'readModels' | 'projections'>>;
}

/**
 * The api's read side: the read-model store, the queries over it, and (embedded mode) the projector
 * that keeps it up to date in this process. The event store and clock are the ones the write side uses,
 * looked up once the application is assembled (they belong to the application module).
 */
@Injectable()
export class ReadSide implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('read-models');
  private store?: ReadModelStore;
  private projectorInstance?: RunningProjector;
  private eventStoreInstance?: EventStore;
  private clockInstance?: Clock;
  private readonly progressCache = new Map<string, { at: number; value: Promise<ReadModelProgress> }>();

  constructor(
    @Inject(READ_SIDE_OPTIONS) private readonly options: ReadSideOptions,
    private readonly moduleRef: ModuleRef,
  ) {}

  onApplicationBootstrap(): void {
    this.eventStoreInstance = this.moduleRef.get<EventStore>(EVENT_STORE, { strict: false });
    this.clockInstance = this.moduleRef.get<Clock>(CLOCK, { strict: false });
    this.store = this.options.store ?? openReadModelStore(this.options.config.store);
    const thread = this.embeddedProjectorThread();
    if (thread === 'worker') {
      this.projectorInstance = new ProjectorThread({
        eventStore: this.eventStoreInstance as SqliteEventStore,
        readModels: this.store,
        readModelStore: this.options.config.store,
        logger: this.logger,
        batchSize: this.options.projector?.batchSize,
        partitions: this.options.config.partitions,
        idleFlushMs: this.options.projector?.idleFlushMs,
        versionCheckMs: this.options.projector?.versionCheckMs,
        nice: this.options.config.projectorNice,
      });
    } else if (thread === 'main') {
      this.projectorInstance = new Projector({
        eventStore: this.eventStoreInstance,
        readModels: this.store,
        projections: ALL_PROJECTIONS,
        logger: this.logger,
        // Sharing the event loop with requests: smaller batches block them for less (api p99 at FULL went
        // from about 500 ms to about 170 ms in bench/api-commands.ts); the standalone projector keeps 500.
        batchSize: EMBEDDED_BATCH_SIZE,
        partitions: this.options.config.partitions,
        ...this.options.projector,
      });
    }
    this.projectorInstance?.start();
    this.logger.log(
      `read models in ${describeReadModelStore(this.options.config.store)}; projector ${this.options.config.projector}${thread ? ` on the ${thread} thread` : ''}`,
    );
  }

  /**
   * A thread of its own needs connections of its own: a SQLite event store file and a read-model store
   * it can open from the configuration (not one a test handed in). Otherwise the main thread projects.
   */
  private embeddedProjectorThread(): 'worker' | 'main' | undefined {
    if (this.options.config.projector !== 'embedded') return undefined;
    const ownConnections =
      this.eventStoreInstance instanceof SqliteEventStore &&
      this.eventStoreInstance.filename !== undefined &&
      this.options.store === undefined;
    return this.options.config.projectorThread === 'worker' && ownConnections ? 'worker' : 'main';
  }

  async onModuleDestroy(): Promise<void> {
    // Before the event store closes (application module shutdown hooks run later).
    await this.projectorInstance?.stop();
    if (!this.options.store) await this.store?.close();
  }

  get queries(): ReadModelQueries {
    return new ReadModelQueries(this.readModels, this.eventStore, {
      progress: (projection) => this.progress(projection),
    });
  }

  /**
   * How far a read model being rebuilt has come, measured at most once a second per read model: under
   * load every read answers 503 meanwhile, and counting the store for each would slow the rebuild.
   */
  private progress(projection: string): Promise<ReadModelProgress> {
    const cached = this.progressCache.get(projection);
    if (cached && Date.now() - cached.at < PROGRESS_TTL_MS) return cached.value;
    const value = readModelProgress(this.eventStore, this.readModels, projection);
    this.progressCache.set(projection, { at: Date.now(), value });
    return value;
  }

  get readModels(): ReadModelStore {
    if (!this.store) throw new Error('read side used before the application started');
    return this.store;
  }

  get eventStore(): EventStore {
    if (!this.eventStoreInstance) throw new Error('read side used before the application started');
    return this.eventStoreInstance;
  }

  get projector(): RunningProjector | undefined {
    return this.projectorInstance;
  }

  now(): Date {
    return (this.clockInstance ?? { now: () => new Date() }).now();
  }

  get config(): ReadSideConfig {
    return this.options.config;
  }
}
