import { patientStreamId, practiceStreamId } from '@ccm/domain';
import type { EventStore, RecordedEvent } from '@ccm/event-store';
import { reasonKey } from '@ccm/billing';
import { codesText, patientMonthFromEvents } from '@ccm/patient-months';
import { readWholeStreamVerified } from '@ccm/record';

const recordedBy = (event: RecordedEvent, limit: string): boolean =>
  String(event.metadata.recordedAt ?? '') <= limit;

export interface MonthDecisionView {
  readonly status: string;
  readonly codes: readonly { readonly code: string; readonly units: number }[];
  readonly notBillable: readonly string[];
  readonly revision: number;
}

export interface MonthHistory {
  readonly month: string;
  /** The decision with only the events recorded up to the instant asked for. */
  readonly asOf: MonthDecisionView | null;
  /** The decision stored with the month's ClaimSubmitted, when it was submitted by then. */
  readonly asBilled: (MonthDecisionView & { readonly submittedAt: string }) | null;
  /** The decision with everything recorded up to now. */
  readonly asNow: MonthDecisionView | null;
  /** What differs between as billed and as now: the amendment a biller files a corrected claim for. */
  readonly differences: readonly string[];
  /** What differs between as of the instant asked for and as now: what was recorded since changed. */
  readonly changedSinceAsOf: readonly string[];
}

function view(document: ReturnType<typeof patientMonthFromEvents>): MonthDecisionView | null {
  if (!document) return null;
  const decision = document.billing.decision;
  return {
    status: document.billing.status,
    codes: decision?.codes ?? [],
    notBillable: (decision?.notBillable ?? []).map(reasonKey),
    revision: document.revision,
  };
}

const codesOf = (v: MonthDecisionView | null): string => (v ? codesText(v.codes) : '');

/**
 * A month decided as of an instant, as billed and as now, straight from the event store (DOC-8). Both
 * streams' chains are checked as they are read (IntegrityViolationError when one does not verify).
 */
export async function monthHistory(
  store: EventStore,
  practiceId: string,
  patientId: string,
  month: string,
  asOf: Date,
): Promise<MonthHistory> {
  const practiceAll = await readWholeStreamVerified(store, practiceStreamId(practiceId));
  const patientAll = await readWholeStreamVerified(store, patientStreamId(practiceId, patientId));
  return monthHistoryOf(practiceAll, patientAll, month, asOf);
}

/** Pure: the same, from streams already read (the evidence packet reads them once for everything). */
export function monthHistoryOf(
  practiceAll: readonly RecordedEvent[],
  patientAll: readonly RecordedEvent[],
  month: string,
  asOf: Date,
): MonthHistory {
  const limit = asOf.toISOString();
  const practiceThen = practiceAll.filter((e) => recordedBy(e, limit));
  const patientThen = patientAll.filter((e) => recordedBy(e, limit));
  const asNow = view(patientMonthFromEvents(practiceAll, patientAll, month));
  // Asked as of now (the evidence packet, a late instant): the same events, so the same month.
  const asOfView =
    practiceThen.length === practiceAll.length && patientThen.length === patientAll.length
      ? asNow
      : view(patientMonthFromEvents(practiceThen, patientThen, month));
  const claim = patientAll.find(
    (e) => e.type === 'ClaimSubmitted' && e.data.serviceMonth === month && recordedBy(e, limit),
  );
  let asBilled: MonthHistory['asBilled'] = null;
  if (claim) {
    const billedAt = String(claim.metadata.recordedAt);
    const billed = view(
      patientMonthFromEvents(
        practiceAll.filter((e) => recordedBy(e, billedAt)),
        patientAll.filter((e) => e.revision < claim.revision),
        month,
      ),
    );
    if (billed) asBilled = { ...billed, submittedAt: billedAt };
  }
  return {
    month,
    asOf: asOfView,
    asBilled,
    asNow,
    differences: differencesBetween(asBilled, asNow),
    changedSinceAsOf: differencesBetween(asOfView, asNow),
  };
}

/** Codes, status and reasons that differ from one decision of the month to a later one. */
function differencesBetween(before: MonthDecisionView | null, after: MonthDecisionView | null): string[] {
  if (!before || !after) return [];
  const differences: string[] = [];
  if (codesOf(before) !== codesOf(after))
    differences.push(`codes: ${codesOf(before) || 'none'} -> ${codesOf(after) || 'none'}`);
  if (before.status !== after.status) differences.push(`status: ${before.status} -> ${after.status}`);
  const added = after.notBillable.filter((r) => !before.notBillable.includes(r));
  const removed = before.notBillable.filter((r) => !after.notBillable.includes(r));
  if (added.length) differences.push(`reasons added: ${added.join(', ')}`);
  if (removed.length) differences.push(`reasons removed: ${removed.join(', ')}`);
  return differences;
}
