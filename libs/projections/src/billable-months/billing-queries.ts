import { localDateTimeAt } from '@ccm/domain';
import {
  afterHoursAccessForMonth,
  buildPatientMonth,
  EMPTY_ACTIVITY,
  monthOfStored,
  type PatientLedger,
  type PatientMonthDocument,
  type StoredPatientMonth,
} from '@ccm/patient-months';
import type { Page, PageRequest } from '../queries/paging';
import type { VersionRef } from '../read-model-store';
import { jsonArrayParts } from '../queries/json-parts';
import {
  jsonPageText,
  type Answer,
  type Found,
  type JsonPage,
  type Phase,
  type ReadModelReader,
} from '../queries/read-model-reader';
import {
  LAST_MONTH_LIST,
  ledgerKey,
  MONTH_COLLECTIONS,
  monthKey,
  PATIENT_MONTHS,
  practiceKey,
} from '../patient-months/month-keys';
import { practiceOf, practiceTimeZone, storedPractice } from '../patient-months/stored-practice';
import {
  billingLineOf,
  billingList,
  withRosterNpiText,
  type BillingLine,
  type BillingListStatus,
} from './billing-line';

export interface BillingMonthPage extends Page<BillingLine> {
  readonly month: string;
  readonly status: BillingListStatus;
}

/**
 * The patient's month document. A month after the last one with activity (up to the current month) has
 * no document of its own: it is derived from the patient's ledger, exactly as the projection would.
 */
export function patientMonth(
  reader: ReadModelReader,
  practiceId: string,
  patientId: string,
  month: string,
  now: Date,
): Promise<Found<PatientMonthDocument>> {
  return reader.read<PatientMonthDocument>(PATIENT_MONTHS, async (ref) => {
    const key = monthKey(practiceId, patientId, month);
    const [stored, ledgerDoc, practiceDoc] = await reader.store.getDocuments(ref, [
      key,
      ledgerKey(practiceId, patientId),
      practiceKey(practiceId),
    ]);
    if (!ledgerDoc) return { missing: 'patient' };
    const practice = practiceOf(practiceDoc);
    const ledger = JSON.parse(ledgerDoc.json) as PatientLedger;
    if (stored) {
      // 24/7 access is the practice's, recorded on its own stream, often after the months it covers: it is
      // answered as the practice's record has it now, not as it was when the month was last derived.
      const document = monthOfStored(JSON.parse(stored.json) as StoredPatientMonth, ledger);
      return {
        body: { ...document, afterHoursAccess: afterHoursAccessForMonth(practice?.afterHoursAccess, month) },
      };
    }
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
export async function billingMonth(
  reader: ReadModelReader,
  practiceId: string,
  month: string,
  status: BillingListStatus,
  request: PageRequest,
): Promise<Answer<BillingMonthPage>> {
  const { body, position } = await billingMonthJson(reader, practiceId, month, status, request);
  return { body: JSON.parse(jsonPageText(body)) as BillingMonthPage, position };
}

/**
 * billingMonth as JSON text (in parts), for the api to send as it is: stored lines whose NPI is still
 * the roster's go into it unparsed, which is most of the cost of a large month saved.
 */
export function billingMonthJson(
  reader: ReadModelReader,
  practiceId: string,
  month: string,
  status: BillingListStatus,
  request: PageRequest,
): Promise<Answer<JsonPage>> {
  return reader.answer(PATIENT_MONTHS, async (ref) => {
    const phases = await billingLinePhases(reader, ref, practiceId, month, status);
    const { items, nextCursor } = await reader.pagePhases(ref, phases, request);
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
 * Where a month's lines come from, as JSON text: the stored lines (with the roster's NPI), then the
 * lines of patients whose last documented month is earlier, derived from their ledgers.
 */
export async function billingLinePhases(
  reader: ReadModelReader,
  ref: VersionRef,
  practiceId: string,
  month: string,
  status: BillingListStatus,
): Promise<Phase<string>[]> {
  const practice = await storedPractice(reader.store, ref, practiceId);
  const rosterNpi = withRosterNpiText(practice);
  const documented: Phase<string> = {
    query: { practiceId, collection: MONTH_COLLECTIONS.line, list: billingList(month, status) },
    map: (doc) => rosterNpi(doc.json),
  };
  const silent: Phase<string> = {
    query: { practiceId, collection: MONTH_COLLECTIONS.ledger, list: LAST_MONTH_LIST, lt: month },
    map: (doc) => {
      const line = billingLineOf(
        buildPatientMonth(JSON.parse(doc.json) as PatientLedger, month, EMPTY_ACTIVITY, practice),
      );
      return status === 'all' || (status === 'billable') === (line.status === 'billable')
        ? JSON.stringify(line)
        : undefined;
    },
  };
  return status === 'billable' ? [documented] : [documented, silent];
}

/** The calendar month it is now in the practice's time zone (UTC until the practice is known). */
export async function currentMonth(reader: ReadModelReader, practiceId: string, now: Date): Promise<string> {
  const { body: timeZone } = await reader.answer(PATIENT_MONTHS, async (ref) => {
    return { body: practiceTimeZone(await storedPractice(reader.store, ref, practiceId)) };
  });
  return localDateTimeAt(now, timeZone).slice(0, 7);
}
