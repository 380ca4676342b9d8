import { compactMonth } from '../billable-months/compact-month';
import { PatientMonthsEngine } from '../billable-months/patient-months-engine';
import { documentKey } from '../engine/keys';
import type { Projection } from '../engine/projection';
import { WORKLIST_LIST, worklistEntryOf, worklistSortKey } from './worklist-entry';

export const WORKLIST = 'worklist';
export const WORKLIST_COLLECTIONS = { entry: 'entry', month: 'month-activity' } as const;

/** Consented patients short of the next threshold in their latest month, listed by month and minutes missing. */
export const worklistProjection: Projection = new PatientMonthsEngine({
  name: WORKLIST,
  monthCollection: WORKLIST_COLLECTIONS.month,
  storedForm: compactMonth,
  onUpdate(update, session) {
    const latest = update.ledger.months[update.ledger.months.length - 1];
    const latestMonth = update.months.find((m) => m.month === latest);
    if (!latestMonth) return;
    const key = documentKey(update.practiceId, WORKLIST_COLLECTIONS.entry, update.patientId);
    const entry = worklistEntryOf(latestMonth.document);
    if (entry) session.put(key, entry, [{ list: WORKLIST_LIST, sortKey: worklistSortKey(entry) }]);
    else session.delete(key);
  },
});
