import type { EventStore } from '@ccm/event-store';
import { layoutOf } from '../all-projections';
import type { AuditEntry } from '../audit-trail/audit-entry';
import { auditTrail, recordReads } from '../audit-trail/audit-queries';
import type { RecordRead } from '../audit-trail/record-read';
import {
  billingMonth,
  billingMonthJson,
  currentMonth,
  patientMonth,
  type BillingMonthPage,
} from '../billable-months/billing-queries';
import type { BillingListStatus } from '../billable-months/billing-line';
import type { PatientMonthDocument } from '@ccm/patient-months';
import { timeline } from '../patient-timeline/timeline-queries';
import type { TimelineEntry } from '../patient-timeline/timeline-entry';
import { programMetrics } from '../program-metrics/metrics-queries';
import type { ProgramMetrics } from '../program-metrics/metrics-contribution';
import type { ReadModelStore } from '../read-model-store';
import { teamMetrics } from '../team-metrics/team-queries';
import { outcomeMetrics, outcomeTrend } from '../care-outcomes/outcome-queries';
import type { OutcomeMetrics } from '../care-outcomes/outcome-metrics';
import { billingExport } from '../billing-export/export-queries';
import type { DateOfService } from '../billing-export/claim-fields';
import type { ExportRow } from '../billing-export/export-rows';
import type { TeamMetrics } from '../team-metrics/team-month';
import { worklist, type WorklistPage } from '../worklist/worklist-queries';
import type { Page, PageRequest } from './paging';
import {
  ReadModelReader,
  type Answer,
  type Found,
  type JsonPage,
  type ReadModelQueriesOptions,
} from './read-model-reader';

export {
  jsonPageText,
  ReadModelNotReadyError,
  type Answer,
  type Found,
  type JsonPage,
  type ReadModelQueriesOptions,
} from './read-model-reader';
export type { BillingMonthPage } from '../billable-months/billing-queries';
export type { WorklistItem, WorklistPage } from '../worklist/worklist-queries';

/**
 * Every read model's queries in one place, for the api and the benchmarks. Each read model's queries live
 * beside its projection; this only gives them one reader.
 */
export class ReadModelQueries {
  private readonly reader: ReadModelReader;

  /** `events`: the store the read models are built from; the audit trail reads its events from it. */
  constructor(
    store: ReadModelStore,
    private readonly events: EventStore,
    options: ReadModelQueriesOptions = {},
  ) {
    this.reader = new ReadModelReader(store, { layoutOf, ...options });
  }

  timeline(practiceId: string, patientId: string, page: PageRequest): Promise<Found<Page<TimelineEntry>>> {
    return timeline(this.reader, this.events, practiceId, patientId, page);
  }

  auditTrail(practiceId: string, patientId: string, page: PageRequest): Promise<Found<Page<AuditEntry>>> {
    return auditTrail(this.reader, this.events, practiceId, patientId, page);
  }

  recordReads(practiceId: string, patientId: string, page: PageRequest): Promise<Found<Page<RecordRead>>> {
    return recordReads(this.reader, this.events, practiceId, patientId, page);
  }

  patientMonth(
    practiceId: string,
    patientId: string,
    month: string,
    now: Date,
  ): Promise<Found<PatientMonthDocument>> {
    return patientMonth(this.reader, practiceId, patientId, month, now);
  }

  billingMonth(
    practiceId: string,
    month: string,
    status: BillingListStatus,
    request: PageRequest,
  ): Promise<Answer<BillingMonthPage>> {
    return billingMonth(this.reader, practiceId, month, status, request);
  }

  billingMonthJson(
    practiceId: string,
    month: string,
    status: BillingListStatus,
    request: PageRequest,
  ): Promise<Answer<JsonPage>> {
    return billingMonthJson(this.reader, practiceId, month, status, request);
  }

  billingExport(
    practiceId: string,
    month: string,
    dateOfService: DateOfService,
  ): Promise<Answer<ExportRow[]>> {
    return billingExport(this.reader, practiceId, month, dateOfService);
  }

  worklist(practiceId: string, now: Date, request: PageRequest): Promise<Answer<WorklistPage>> {
    return worklist(this.reader, practiceId, now, request);
  }

  programMetrics(practiceId: string, month: string): Promise<Answer<ProgramMetrics>> {
    return programMetrics(this.reader, practiceId, month);
  }

  teamMetrics(practiceId: string, month: string): Promise<Answer<TeamMetrics>> {
    return teamMetrics(this.reader, practiceId, month);
  }

  outcomeMetrics(practiceId: string, month: string, now: Date): Promise<Answer<OutcomeMetrics>> {
    return outcomeMetrics(this.reader, practiceId, month, now);
  }

  outcomeTrend(practiceId: string, months: readonly string[], now: Date): Promise<Answer<OutcomeMetrics[]>> {
    return outcomeTrend(this.reader, practiceId, months, now);
  }

  currentMonth(practiceId: string, now: Date): Promise<string> {
    return currentMonth(this.reader, practiceId, now);
  }

  /** The position a read model has applied (for response headers and health). */
  async position(projection: string): Promise<string | null> {
    const { store } = this.reader;
    const version = await store.activeVersion(projection);
    return version === undefined ? null : store.checkpoint({ projection, version });
  }
}
