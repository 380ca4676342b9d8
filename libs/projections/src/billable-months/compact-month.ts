import type { StoredMonth } from './patient-months-engine';
import type { PatientMonthDocument } from '@ccm/patient-months';

const compacted = new WeakMap<PatientMonthDocument, StoredMonth & { month: string; revision: number }>();

/**
 * What read models other than billable months keep per month: enough to derive it again, and its summary.
 * One object per document, so read models sharing a derived month (a rebuild pass) serialise it once.
 */
export function compactMonth(
  document: PatientMonthDocument,
): StoredMonth & { month: string; revision: number } {
  let compact = compacted.get(document);
  if (!compact) {
    compact = {
      month: document.month,
      revision: document.revision,
      timeEntries: document.timeEntries,
      contacts: document.contacts,
      summary: document.summary,
    };
    compacted.set(document, compact);
  }
  return compact;
}
