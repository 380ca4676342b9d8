import { Module, type DynamicModule, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '@ccm/event-store';
import {
  DEFAULT_STATE_CACHE_CAPACITY,
  IntegrityMonitor,
  PatientRecords,
  PracticeRecords,
  StreamStateCache,
  systemClock,
  type Clock,
  type StreamStateCacheCapacity,
} from '@ccm/record';
import { AccessLog } from '@ccm/audit';
import { AccessLogInterceptor } from './audit/access-log.interceptor';
import { AnchorScheduleService } from './audit/anchor-schedule.service';
import { EvidenceController } from './audit/evidence.controller';
import { HistoryController } from './audit/history.controller';
import { AuthGuard } from './auth/auth.guard';
import { BillingFactsController } from './billing-facts/billing-facts.controller';
import { ClaimsController } from './claims/claims.controller';
import { CarePlanController } from './care-plan/care-plan.controller';
import { ExecutePatientCommandHandler, ExecutePracticeCommandHandler } from './commands/record-commands';
import type { AppConfig } from '@ccm/runtime';
import { ConsentController } from './consent/consent.controller';
import { ContactsController } from './contacts/contacts.controller';
import { DemographicsController } from './demographics/demographics.controller';
import { CANDIDATE_CONTROLLERS, CANDIDATE_PROVIDERS } from './candidates/candidates.providers';
import { EnrollmentController } from './enrollment/enrollment.controller';
import { HealthController } from './health/health.controller';
import { IntegrityHealth } from './integrity/integrity-health';
import { IntegrityInterceptor } from './integrity/integrity.interceptor';
import { CommandSender } from './http/command-sender';
import { DashboardController } from './dashboard/dashboard.controller';
import { FhirExportController } from './fhir/fhir-export.controller';
import { ProblemFilter } from './http/problem.filter';
import { rateLimitGuards, RateLimitModule } from './http/rate-limit';
import { openEventStore } from '@ccm/runtime';
import { APP_CONFIG, CLOCK, EVENT_STORE } from './infrastructure/tokens';
import { InitiatingVisitController } from './initiating-visit/initiating-visit.controller';
import { PatientsController } from './patients/patients.controller';
import { PracticesController } from './practices/practices.controller';
import { ReadModelsModule } from './read-models/read-models.module';
import { RemoteMonitoringController } from './remote-monitoring/remote-monitoring.controller';
import { RtmController } from './remote-monitoring/rtm.controller';
import { BehavioralHealthController } from './behavioral-health/behavioral-health.controller';
import { ClaimAttemptsController } from './claim-attempts/claim-attempts.controller';
import { TimeEntriesController } from './time-log/time-entries.controller';
import { ObservationsController } from './observations/observations.controller';
import { UtilisationController } from './utilisation/utilisation.controller';
import { SatisfactionController } from './satisfaction/satisfaction.controller';
import { CareTeamController } from './care-team/care-team.controller';
import { MedicationsController } from './medications/medications.controller';
import { AfterHoursAccessController } from './practices/after-hours-access.controller';
import { BillingSetupController } from './practices/billing-setup.controller';
import { BillingClaimsController } from './billing-claims/billing-claims.controller';
import { CcmMetrics, meterEventStore } from '@ccm/observability';
import {
  ObservabilityModule,
  observabilityOptions,
  type ObservabilityOptions,
} from './observability/observability.module';

class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

const stateCacheCapacity = (config: AppConfig): StreamStateCacheCapacity => ({
  ...DEFAULT_STATE_CACHE_CAPACITY,
  events: config.stateCacheEvents ?? DEFAULT_STATE_CACHE_CAPACITY.events,
});

export interface AppModuleOptions {
  readonly config: AppConfig;
  /** Tests pin time and may hand in a store they inspect. */
  readonly clock?: Clock;
  readonly eventStore?: EventStore;
  /** Tests of several replicas pin the access log shard each writes (else chosen at random). */
  readonly accessLogShard?: number;
  /** The read side's configuration; by default read models sit beside the events in the data dir. */
  readonly readModels?: Parameters<typeof ReadModelsModule.forRoot>[0];
  /** Logs, metrics and probes; from the environment by default (observability/observability-config.ts). */
  readonly observability?: ObservabilityOptions;
}

/** Wires the ports to the adapters configuration names; everything else lives in the libs. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        ObservabilityModule.forRoot(options.observability ?? observabilityOptions(undefined)),
        ReadModelsModule.forRoot(options.readModels ?? { dataDir: options.config.dataDir }),
        RateLimitModule.forRoot(options.config.http?.rateLimit),
      ],
      controllers: [
        HealthController,
        PracticesController,
        EnrollmentController,
        PatientsController,
        ConsentController,
        InitiatingVisitController,
        CarePlanController,
        ContactsController,
        DemographicsController,
        ...CANDIDATE_CONTROLLERS,
        TimeEntriesController,
        BillingFactsController,
        RemoteMonitoringController,
        RtmController,
        BehavioralHealthController,
        ClaimAttemptsController,
        ObservationsController,
        UtilisationController,
        SatisfactionController,
        CareTeamController,
        MedicationsController,
        AfterHoursAccessController,
        BillingSetupController,
        BillingClaimsController,
        ClaimsController,
        HistoryController,
        EvidenceController,
        DashboardController,
        FhirExportController,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        AnchorScheduleService,
        {
          provide: EVENT_STORE,
          useFactory: async (metrics: CcmMetrics) =>
            meterEventStore(options.eventStore ?? (await openEventStore(options.config.eventStore)), metrics),
          inject: [CcmMetrics],
        },
        {
          provide: PracticeRecords,
          useFactory: (store: EventStore, clock: Clock) =>
            new PracticeRecords(store, clock, new StreamStateCache(stateCacheCapacity(options.config))),
          inject: [EVENT_STORE, CLOCK],
        },
        {
          provide: PatientRecords,
          useFactory: (store: EventStore, practices: PracticeRecords, clock: Clock) =>
            new PatientRecords(
              store,
              practices,
              clock,
              new StreamStateCache(stateCacheCapacity(options.config)),
            ),
          inject: [EVENT_STORE, PracticeRecords, CLOCK],
        },
        {
          provide: AccessLog,
          useFactory: (store: EventStore, clock: Clock) =>
            new AccessLog(store, clock, {
              practiceShards: options.config.accessLogShards,
              shard: options.accessLogShard,
            }),
          inject: [EVENT_STORE, CLOCK],
        },
        CommandSender,
        ...CANDIDATE_PROVIDERS,
        ExecutePatientCommandHandler,
        ExecutePracticeCommandHandler,
        EventStoreCloser,
        ...rateLimitGuards(options.config.http?.rateLimit),
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: AccessLogInterceptor },
        // Hash chains that do not verify: INTEGRITY_VIOLATION answers, remembered for /health.
        {
          provide: IntegrityMonitor,
          useFactory: (clock: Clock) => new IntegrityMonitor(() => clock.now()),
          inject: [CLOCK],
        },
        IntegrityHealth,
        { provide: APP_INTERCEPTOR, useClass: IntegrityInterceptor },
      ],
    };
  }
}
