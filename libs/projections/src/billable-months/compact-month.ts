import type { StoredMonth } from './patient-months-engine';
import type { PatientMonthDocument } from './patient-month';

/** What read models other than billable months keep per month: enough to derive it again, and its summary. */
export const compactMonth = (
  document: PatientMonthDocument,
): StoredMonth & { month: string; revision: number } => ({
  month: document.month,
  revision: document.revision,
  timeEntries: document.timeEntries,
  contacts: document.contacts,
  summary: document.summary,
});
