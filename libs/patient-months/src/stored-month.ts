import type { MonthActivity } from './month-activity';
import { buildPatientMonth, type PatientMonthDocument } from './patient-month';
import type { PatientLedger } from './patient-ledger';
import type { PracticeSnapshot } from './practice-snapshot';

/**
 * What a month document is derived from besides the patient's ledger: the month's own activity, the
 * revision and zone of the last event that changed it, and the practice's roster as it was then, kept to
 * the entries the month looks up (its billing practitioner and its time entries' performers). Everything
 * else (consent, conditions, care plan, visit, minutes, facts, the billing engine's answer) is derived
 * again from the ledger when the month is read: the projection derives a month again whenever a change
 * of the ledger can change it, so the ledger a reader finds gives the month the projection last derived.
 */
export interface StoredPatientMonth extends MonthActivity {
  readonly month: string;
  readonly revision: number;
  readonly timeZone: string;
  /** Null when the practice's record was not known (no roster: no credentials, no NPI). */
  readonly practice: PracticeSnapshot | null;
}

/** The month document as the read model stores it, given the practice it was derived with. */
export function storedMonthOf(
  document: PatientMonthDocument,
  practice: PracticeSnapshot | undefined,
): StoredPatientMonth {
  const { month, revision, timeZone, timeEntries, contacts } = document;
  return { month, revision, timeZone, timeEntries, contacts, practice: rosterUsedBy(document, practice) };
}

/**
 * The month document a stored one was made from, derived again with the functions that derived it, from
 * the patient's ledger as the read model holds it.
 */
export function monthOfStored(stored: StoredPatientMonth, ledger: PatientLedger): PatientMonthDocument {
  const { month, revision, timeZone, timeEntries, contacts } = stored;
  return buildPatientMonth(ledger, month, { timeEntries, contacts }, stored.practice ?? undefined, {
    revision,
    timeZone,
  });
}

/**
 * The practice with only the roster entries of the month's billing practitioner and performers, in their
 * order (lookups take the first entry of an id, and find the same one). Its 24/7 access records are left
 * out: readers answer them from the practice as it is now.
 */
function rosterUsedBy(
  document: PatientMonthDocument,
  practice: PracticeSnapshot | undefined,
): PracticeSnapshot | null {
  if (!practice) return null;
  const used = new Set([document.billingPractitionerId, ...document.timeEntries.map((e) => e.performerId)]);
  const { afterHoursAccess: _records, billingPractitioners, staff, ...rest } = practice;
  return {
    ...rest,
    billingPractitioners: billingPractitioners.filter((p) => used.has(p.id)),
    staff: staff.filter((s) => used.has(s.id)),
  };
}
