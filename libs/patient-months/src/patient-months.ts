import type { PatientEventEnvelope } from './events/decode';
import { monthsOfInterval } from './calendar';
import {
  activityMonthsOf,
  EMPTY_ACTIVITY,
  evolveActivity,
  type EntryPlacements,
  type MonthActivity,
} from './month-activity';
import { buildPatientMonth, type PatientMonthDocument } from './patient-month';
import { evolveLedger, withMonths, type PatientLedger } from './patient-ledger';
import { extraFactMonths } from './extra-billing-facts';
import type { PracticeSnapshot } from './practice-snapshot';

/** What an event does to a patient's months, before the month documents are read. */
export interface PatientMonthsPlan {
  readonly ledger: PatientLedger;
  /** Months whose activity the event changes (their stored activity must be read). */
  readonly activityMonths: readonly string[];
  /** Every month to derive again, ascending (includes the activity months). */
  readonly derive: readonly string[];
  /** A time entry logged, or corrected into other months: where it lies now, for later corrections. */
  readonly placed?: { readonly entryId: string; readonly months: readonly string[] };
}

function placementOf(envelope: PatientEventEnvelope, placedIn: EntryPlacements): PatientMonthsPlan['placed'] {
  const { event } = envelope;
  if (event.type !== 'TimeLogged' && event.type !== 'TimeCorrected') return undefined;
  const { entryId, serviceDate, startTime, minutes } = event.data;
  // A correction of an entry never logged here changes nothing.
  if (event.type === 'TimeCorrected' && !placedIn(entryId)) return undefined;
  return { entryId, months: monthsOfInterval(serviceDate, startTime, minutes) };
}

/**
 * Pure, step 1: the new ledger and the months to derive, or undefined when the event was applied already
 * (its revision is not above the ledger's) or the patient is not enrolled. `placedIn` says where the
 * patient's time entries lie, as the plans so far placed them.
 */
export function planPatientEvent(
  previous: PatientLedger | undefined,
  envelope: PatientEventEnvelope,
  placedIn: EntryPlacements,
): PatientMonthsPlan | undefined {
  if (previous && envelope.revision <= previous.revision) return undefined;
  const evolved = evolveLedger(previous, envelope);
  if (!evolved) return undefined;
  const activityMonths = activityMonthsOf(envelope, placedIn);
  const recordedMonth = envelope.recordedAtLocal.slice(0, 7);
  // A visit's month gets a document even when recorded later: G0506 is billed in it (INIT-5).
  const visitMonth =
    envelope.event.type === 'InitiatingVisitRecorded' ? [envelope.event.data.visitDate.slice(0, 7)] : [];
  // Likewise a device period's start month: its device code is billed in it (RPM-1).
  const periodMonth =
    envelope.event.type === 'RpmDevicePeriodRecorded' ? [envelope.event.data.start.slice(0, 7)] : [];
  const ledger = withMonths(evolved.ledger, [
    ...activityMonths,
    ...visitMonth,
    ...periodMonth,
    ...extraFactMonths(envelope.event),
    ...(recordedMonth ? [recordedMonth] : []),
  ]);
  const known = new Set(previous?.months ?? []);
  const from = evolved.change?.from;
  const derive = new Set([
    ...activityMonths,
    ...ledger.months.filter((m) => !known.has(m) || (from !== undefined && m >= from)),
  ]);
  const placed = placementOf(envelope, placedIn);
  return { ledger, activityMonths, derive: [...derive].sort(), ...(placed ? { placed } : {}) };
}

/** Pure, step 2: the month documents, given the stored activity of the planned months. */
export function derivePatientMonths(
  plan: PatientMonthsPlan,
  envelope: PatientEventEnvelope,
  stored: ReadonlyMap<string, MonthActivity | undefined>,
  practice: PracticeSnapshot | undefined,
): PatientMonthDocument[] {
  const activityOf = (month: string): MonthActivity => {
    const s = stored.get(month);
    return s ? { timeEntries: s.timeEntries, contacts: s.contacts } : EMPTY_ACTIVITY;
  };
  const before = new Map(plan.activityMonths.map((m) => [m, activityOf(m)]));
  const changed = evolveActivity(before, envelope);
  return plan.derive.map((month) =>
    buildPatientMonth(plan.ledger, month, changed.get(month) ?? activityOf(month), practice),
  );
}
