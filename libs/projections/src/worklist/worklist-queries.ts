import { localDateTimeAt } from '@ccm/domain';
import { lastDayOf } from '@ccm/patient-months';
import { MONTH_COLLECTIONS, PATIENT_MONTHS } from '../patient-months/month-keys';
import { practiceTimeZone, storedPractice } from '../patient-months/stored-practice';
import type { Page, PageRequest } from '../queries/paging';
import type { Answer, ReadModelReader } from '../queries/read-model-reader';
import { prefixEnd, type ListedDocument } from '../read-model-store';
import { WORKLIST_LIST, type WorklistEntry } from './worklist-entry';

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
  /** The latest contact this month (practice-local), null when none is recorded yet. */
  readonly lastContactAt: string | null;
  /** The last month with recorded activity; before the current month means nothing this month yet. */
  readonly lastDocumentedMonth: string;
}

export interface WorklistPage extends Page<WorklistItem> {
  readonly month: string;
  readonly daysLeft: number;
}

/**
 * Patients short of the next threshold in the current month, fewest minutes missing first. Those with a
 * document this month come first (sorted by minutes missing); consented patients whose latest document
 * is older have no minutes yet this month and follow, all missing the full first threshold.
 */
export function worklist(
  reader: ReadModelReader,
  practiceId: string,
  now: Date,
  request: PageRequest,
): Promise<Answer<WorklistPage>> {
  return reader.answer(PATIENT_MONTHS, async (ref) => {
    const timeZone = practiceTimeZone(await storedPractice(reader.store, ref, practiceId));
    const today = localDateTimeAt(now, timeZone).slice(0, 10);
    const month = today.slice(0, 7);
    const daysLeft = Number(lastDayOf(month).slice(8, 10)) - Number(today.slice(8, 10)) + 1;
    const base = { practiceId, collection: MONTH_COLLECTIONS.worklistEntry, list: WORKLIST_LIST };
    const map = (doc: ListedDocument) => worklistItem(JSON.parse(doc.json) as WorklistEntry, month, daysLeft);
    const page = await reader.pagePhases(
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
    lastContactAt: current ? entry.lastContactAt : null,
    lastDocumentedMonth: entry.month,
  };
}
