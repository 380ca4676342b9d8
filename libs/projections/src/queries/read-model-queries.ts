import { localDateTimeAt } from '@ccm/domain';
import {
  AUDIT_COLLECTIONS,
  AUDIT_TRAIL,
  auditHeaderKey,
  auditList,
  readsList,
} from '../audit-trail/audit-trail.projection';
import { jsonArrayParts } from './json-parts';
import type { RecordRead } from '../audit-trail/record-read';
import type { AuditEntry } from '../audit-trail/audit-entry';
import {
  BILLABLE_MONTHS,
  BILLABLE_MONTHS_COLLECTIONS,
  billableMonthsEngine,
  LAST_MONTH_LIST,
} from '../billable-months/billable-months.projection';
import {
  billingLineOf,
  billingList,
  withRosterNpiText,
  type BillingLine,
  type BillingListStatus,
} from '../billable-months/billing-line';
import {
  buildPatientMonth,
  EMPTY_ACTIVITY,
  lastDayOf,
  type PatientLedger,
  type PatientMonthDocument,
  type PracticeSnapshot,
} from '@ccm/patient-months';
import { ledgerKey, practiceKey } from '../billable-months/patient-months-engine';
import {
  PATIENT_TIMELINE,
  TIMELINE_COLLECTIONS,
  timelineHeaderKey,
  timelineList,
} from '../patient-timeline/patient-timeline.projection';
import type { TimelineEntry } from '../patient-timeline/timeline-entry';
import {
  metricsFor,
  type ProgramMetrics,
  type ProgramMetricsDocument,
} from '../program-metrics/metrics-contribution';
import { PROGRAM_METRICS, programMetricsKey } from '../program-metrics/program-metrics.projection';
import {
  MAX_LIST_READ,
  prefixEnd,
  type DocumentKey,
  type ListedDocument,
  type ListPosition,
  type ListQuery,
  type ReadModelStore,
  type VersionRef,
} from '../read-model-store';
import type { ReadModelProgress } from '../engine/read-model-progress';
import { VersionNotFoundError } from '../version-not-found';
import { WORKLIST, WORKLIST_COLLECTIONS } from '../worklist/worklist.projection';
import { WORKLIST_LIST, type WorklistEntry } from '../worklist/worklist-entry';
import { decodeCursor, encodeCursor, pageLimit, type Cursor, type Page, type PageRequest } from './paging';

interface Phase<T> {
  readonly query: Omit<ListQuery, 'limit' | 'after'>;
  readonly map: (doc: ListedDocument) => T | undefined;
}

const LEDGER_COLLECTION = 'ledger';

/** An answer and the position the read model had applied when it was read (at least). */
export interface Answer<T> {
  readonly body: T;
  readonly position: string | null;
}

export type Found<T> =
  | { readonly found: true; readonly answer: Answer<T> }
  /** `position`: the answer "not there" is as fresh as this position, like any other. */
  | { readonly found: false; readonly missing: 'patient' | 'month'; readonly position: string | null };

/**
 * The read model has no version built up to the event store (a first start, a store that lost its data
 * and is being filled again from the start): nothing to answer from that would not be partial.
 */
export class ReadModelNotReadyError extends Error {
  override readonly name = 'ReadModelNotReadyError';
  constructor(
    readonly projection: string,
    readonly progress?: ReadModelProgress,
  ) {
    super(`read model ${projection} is not built yet`);
  }
}

export interface ReadModelQueriesOptions {
  /** How far a read model being built has come, for the answer that it is not ready. */
  readonly progress?: (projection: string) => Promise<ReadModelProgress>;
}

export interface BillingMonthPage extends Page<BillingLine> {
  readonly month: string;
  readonly status: BillingListStatus;
}

/** A page already serialised, with what a caller walking pages needs to know of it without parsing it. */
export interface JsonPage {
  /**
   * Byte for byte what JSON.stringify writes for the page, in parts (their concatenation is the text).
   * A page of a thousand lines is most of a megabyte: one string that large is made in memory of its
   * own, fresh from the system each time, and filling it cost as much as reading the lines; parts of
   * tens of kilobytes are made where small strings are, and the api writes them as they are.
   */
  readonly parts: readonly string[];
  /** How many items the page holds. */
  readonly size: number;
  readonly nextCursor: string | null;
}

export interface WorklistItem {
  readonly patientId: string;
  readonly countedStaffMinutes: number;
  readonly nextThreshold: number;
  readonly nextCode: string;
  readonly minutesMissing: number;
  readonly daysLeft: number;
  readonly blockers: readonly string[];
  readonly billingPractitionerId: string;
  readonly careTeam: readonly string[];
  /** The last month with recorded activity; before the current month means nothing this month yet. */
  readonly lastDocumentedMonth: string;
}

export interface WorklistPage extends Page<WorklistItem> {
  readonly month: string;
  readonly daysLeft: number;
}

/** Reads every read model through its active version; the api and the benchmarks use this, nothing else. */
export class ReadModelQueries {
  constructor(
    private readonly store: ReadModelStore,
    private readonly options: ReadModelQueriesOptions = {},
  ) {}

  async timeline(
    practiceId: string,
    patientId: string,
    page: PageRequest,
  ): Promise<Found<Page<TimelineEntry>>> {
    return this.patientList<TimelineEntry>(PATIENT_TIMELINE, timelineHeaderKey(practiceId, patientId), {
      query: { practiceId, collection: TIMELINE_COLLECTIONS.entry, list: timelineList(patientId) },
      page,
    });
  }

  async auditTrail(
    practiceId: string,
    patientId: string,
    page: PageRequest,
  ): Promise<Found<Page<AuditEntry>>> {
    return this.patientList<AuditEntry>(AUDIT_TRAIL, auditHeaderKey(practiceId, patientId), {
      query: { practiceId, collection: AUDIT_COLLECTIONS.entry, list: auditList(patientId) },
      page,
    });
  }

  /** Who read the patient's record, oldest first (the access log as the audit trail keeps it). */
  async recordReads(
    practiceId: string,
    patientId: string,
    page: PageRequest,
  ): Promise<Found<Page<RecordRead>>> {
    return this.patientList<RecordRead>(AUDIT_TRAIL, auditHeaderKey(practiceId, patientId), {
      query: { practiceId, collection: AUDIT_COLLECTIONS.read, list: readsList(patientId) },
      page,
    });
  }

  /** One of a patient's lists, paged; the patient is missing when the read model has no header for them. */
  private patientList<T>(
    projection: string,
    headerKey: DocumentKey,
    list: { readonly query: Omit<ListQuery, 'limit' | 'after'>; readonly page: PageRequest },
  ): Promise<Found<Page<T>>> {
    return this.read<Page<T>>(projection, async (ref) => {
      const [header] = await this.store.getDocuments(ref, [headerKey]);
      if (!header) return { missing: 'patient' };
      return { body: await this.page<T>(ref, list.query, list.page) };
    });
  }

  /**
   * The patient's month document. A month after the last one with activity (up to the current month) has
   * no document of its own: it is derived from the patient's ledger, exactly as the projection would.
   */
  async patientMonth(
    practiceId: string,
    patientId: string,
    month: string,
    now: Date,
  ): Promise<Found<PatientMonthDocument>> {
    return this.read<PatientMonthDocument>(BILLABLE_MONTHS, async (ref) => {
      const key = billableMonthsEngine.monthKey(practiceId, patientId, month);
      const [stored, ledgerDoc, practiceDoc] = await this.store.getDocuments(ref, [
        key,
        ledgerKey(practiceId, patientId),
        practiceKey(practiceId),
      ]);
      if (!ledgerDoc) return { missing: 'patient' };
      if (stored) return { body: JSON.parse(stored.json) as PatientMonthDocument };
      const ledger = JSON.parse(ledgerDoc.json) as PatientLedger;
      const practice = practiceDoc ? (JSON.parse(practiceDoc.json) as PracticeSnapshot) : undefined;
      const currentMonth = localDateTimeAt(now, practice?.timeZone ?? ledger.timeZone).slice(0, 7);
      const first = ledger.months[0];
      if (first === undefined || month < first || month > currentMonth) return { missing: 'month' };
      return { body: buildPatientMonth(ledger, month, EMPTY_ACTIVITY, practice) };
    });
  }

  /**
   * One month's billing lines. Patients with something recorded in the month come first (by id); enrolled
   * patients with nothing recorded since an earlier month follow, their line derived from their ledger as
   * the projection would derive it (such a month has no minutes and no visit, so it is never billable).
   */
  async billingMonth(
    practiceId: string,
    month: string,
    status: BillingListStatus,
    request: PageRequest,
  ): Promise<Answer<BillingMonthPage>> {
    const { body, position } = await this.billingMonthJson(practiceId, month, status, request);
    return { body: JSON.parse(jsonPageText(body)) as BillingMonthPage, position };
  }

  /**
   * billingMonth as JSON text (in parts), for the api to send as it is: stored lines whose NPI is still
   * the roster's go into it unparsed, which is most of the cost of a large month saved.
   */
  async billingMonthJson(
    practiceId: string,
    month: string,
    status: BillingListStatus,
    request: PageRequest,
  ): Promise<Answer<JsonPage>> {
    return this.answer(BILLABLE_MONTHS, async (ref) => {
      const [practiceDoc] = await this.store.getDocuments(ref, [practiceKey(practiceId)]);
      const practice = practiceDoc ? (JSON.parse(practiceDoc.json) as PracticeSnapshot) : undefined;
      const rosterNpi = withRosterNpiText(practice);
      const documented: Phase<string> = {
        query: { practiceId, collection: BILLABLE_MONTHS_COLLECTIONS.line, list: billingList(month, status) },
        map: (doc) => rosterNpi(doc.json),
      };
      const silent: Phase<string> = {
        query: { practiceId, collection: LEDGER_COLLECTION, list: LAST_MONTH_LIST, lt: month },
        map: (doc) => {
          const line = billingLineOf(
            buildPatientMonth(JSON.parse(doc.json) as PatientLedger, month, EMPTY_ACTIVITY, practice),
          );
          return status === 'all' || (status === 'billable') === (line.status === 'billable')
            ? JSON.stringify(line)
            : undefined;
        },
      };
      const phases = status === 'billable' ? [documented] : [documented, silent];
      const { items, nextCursor } = await this.pagePhases(ref, phases, request);
      // What JSON.stringify writes for a BillingMonthPage, its lines being JSON already.
      const parts = jsonArrayParts(
        `{"month":${JSON.stringify(month)},"status":${JSON.stringify(status)},"items":[`,
        items,
        `],"nextCursor":${JSON.stringify(nextCursor)}}`,
      );
      return { body: { parts, size: items.length, nextCursor } };
    });
  }

  /**
   * Patients short of the next threshold in the current month, fewest minutes missing first. Those with a
   * document this month come first (sorted by minutes missing); consented patients whose latest document
   * is older have no minutes yet this month and follow, all missing the full first threshold.
   */
  async worklist(practiceId: string, now: Date, request: PageRequest): Promise<Answer<WorklistPage>> {
    return this.answer(WORKLIST, async (ref) => {
      const [practiceDoc] = await this.store.getDocuments(ref, [practiceKey(practiceId)]);
      const timeZone = practiceDoc ? (JSON.parse(practiceDoc.json) as PracticeSnapshot).timeZone : 'UTC';
      const today = localDateTimeAt(now, timeZone).slice(0, 10);
      const month = today.slice(0, 7);
      const daysLeft = Number(lastDayOf(month).slice(8, 10)) - Number(today.slice(8, 10)) + 1;
      const base = { practiceId, collection: WORKLIST_COLLECTIONS.entry, list: WORKLIST_LIST };
      const map = (doc: ListedDocument) =>
        worklistItem(JSON.parse(doc.json) as WorklistEntry, month, daysLeft);
      const page = await this.pagePhases(
        ref,
        [
          { query: { ...base, gte: `${month}|`, lt: prefixEnd(`${month}|`) }, map },
          { query: { ...base, lt: `${month}|` }, map },
        ],
        request,
      );
      return { body: { month, daysLeft, ...page } };
    });
  }

  async programMetrics(practiceId: string, month: string): Promise<Answer<ProgramMetrics>> {
    return this.answer(PROGRAM_METRICS, async (ref) => {
      const [doc] = await this.store.getDocuments(ref, [programMetricsKey(practiceId)]);
      return { body: metricsFor(doc ? (JSON.parse(doc.json) as ProgramMetricsDocument) : undefined, month) };
    });
  }

  /** The calendar month it is now in the practice's time zone (UTC until the practice is known). */
  async currentMonth(practiceId: string, now: Date): Promise<string> {
    const { body: timeZone } = await this.answer(BILLABLE_MONTHS, async (ref) => {
      const [doc] = await this.store.getDocuments(ref, [practiceKey(practiceId)]);
      return { body: doc ? (JSON.parse(doc.json) as PracticeSnapshot).timeZone : 'UTC' };
    });
    return localDateTimeAt(now, timeZone).slice(0, 7);
  }

  /** The position a read model has applied (for response headers and health). */
  async position(projection: string): Promise<string | null> {
    const version = await this.store.activeVersion(projection);
    return version === undefined ? null : this.store.checkpoint({ projection, version });
  }

  private page<T>(
    ref: VersionRef,
    query: Omit<ListQuery, 'limit' | 'after'>,
    request: PageRequest,
  ): Promise<Page<T>> {
    return this.pagePhases(ref, [{ query, map: (doc) => JSON.parse(doc.json) as T }], request);
  }

  /**
   * Pages through one or more lists read one after the other (the cursor names the list it stopped in).
   * `map` may drop a document; one item more than asked is read to know whether a next page exists.
   */
  private async pagePhases<T>(
    ref: VersionRef,
    phases: readonly Phase<T>[],
    request: PageRequest,
  ): Promise<Page<T>> {
    const limit = pageLimit(request.limit);
    const cursor = decodeCursor(request.cursor);
    const collected: T[] = [];
    // Where the page's last item is, the only position a next page needs.
    let last: Cursor | undefined;
    for (let phase = cursor?.phase ?? 0; phase < phases.length && collected.length <= limit; phase++) {
      let after: ListPosition | undefined = cursor && cursor.phase === phase ? cursor : undefined;
      for (;;) {
        // Documents a phase drops must not shrink reads to one at a time.
        const chunk = Math.min(MAX_LIST_READ, Math.max(limit + 1 - collected.length, 16));
        const listed = await this.store.list(ref, { ...phases[phase].query, after, limit: chunk });
        for (const doc of listed) {
          const item = phases[phase].map(doc);
          if (item === undefined) continue;
          collected.push(item);
          if (collected.length === limit) last = { sortKey: doc.sortKey, id: doc.id, phase };
        }
        if (collected.length > limit || listed.length < chunk) break;
        after = listed[listed.length - 1];
      }
    }
    return {
      items: collected.length > limit ? collected.slice(0, limit) : collected,
      nextCursor: collected.length > limit && last ? encodeCursor(last) : null,
    };
  }

  /** For reads that always have an answer (lists and aggregates: empty is an answer). */
  private async answer<T>(
    projection: string,
    read: (ref: VersionRef) => Promise<{ body: T }>,
  ): Promise<Answer<T>> {
    const result = await this.read<T>(projection, read);
    if (!result.found) throw new Error('unreachable: this read has no missing case');
    return result.answer;
  }

  /**
   * Resolves the active version, reads its checkpoint first (so the answer is at least that fresh), then
   * reads; a version dropped meanwhile by a rebuild is looked up again once. Only a built version is read
   * (ReaderVersion), and it must still be the built active one once the read is done: a store that lost
   * its data while the read ran (Redis flushed) would otherwise give a partial answer as a whole one.
   */
  private async read<T>(
    projection: string,
    read: (ref: VersionRef) => Promise<{ body: T } | { missing: 'patient' | 'month' }>,
  ): Promise<Found<T>> {
    for (let attempt = 0; ; attempt++) {
      const before = await this.store.readerVersion(projection);
      if (before === undefined || !before.built) throw await this.notReady(projection);
      const ref = { projection, version: before.version };
      try {
        const position = await this.store.checkpoint(ref);
        const result = await read(ref);
        const after = await this.store.readerVersion(projection);
        if (after === undefined || !after.built) throw await this.notReady(projection);
        // A rebuild switched readers meanwhile: the version read may be being dropped.
        if (after.version !== ref.version) throw new VersionNotFoundError(ref);
        if ('missing' in result) return { found: false, missing: result.missing, position };
        return { found: true, answer: { body: result.body, position } };
      } catch (error) {
        if (!(error instanceof VersionNotFoundError)) throw error;
        if (attempt === 0) continue;
        throw await this.notReady(projection);
      }
    }
  }

  private async notReady(projection: string): Promise<ReadModelNotReadyError> {
    return new ReadModelNotReadyError(projection, await this.options.progress?.(projection));
  }
}

/** The text of a JsonPage, in one string. */
export const jsonPageText = (page: JsonPage): string => page.parts.join('');

function worklistItem(entry: WorklistEntry, month: string, daysLeft: number): WorklistItem {
  const current = entry.month === month;
  return {
    patientId: entry.patientId,
    countedStaffMinutes: current ? entry.countedStaffMinutes : 0,
    nextThreshold: current ? entry.nextThreshold : 20,
    nextCode: current ? entry.nextCode : '99490',
    minutesMissing: current ? entry.minutesMissing : 20,
    daysLeft,
    blockers: entry.blockers,
    billingPractitionerId: entry.billingPractitionerId,
    careTeam: entry.careTeam,
    lastDocumentedMonth: entry.month,
  };
}
