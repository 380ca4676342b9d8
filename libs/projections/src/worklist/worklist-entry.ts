import type { PatientMonthDocument } from '@ccm/patient-months';

/** Non-complex staff CCM (the default track): 99490 at 20 minutes, 99439 at 40 and 60 (CODE-9). */
export const THRESHOLDS: readonly { readonly minutes: number; readonly code: string }[] = [
  { minutes: 20, code: '99490' },
  { minutes: 40, code: '99439' },
  { minutes: 60, code: '99439' },
];

export interface WorklistEntry {
  readonly patientId: string;
  /** The latest month the patient has a document for; a later current month means no minutes yet. */
  readonly month: string;
  readonly revision: number;
  readonly billingPractitionerId: string;
  readonly careTeam: readonly string[];
  readonly countedStaffMinutes: number;
  readonly nextThreshold: number;
  readonly nextCode: string;
  readonly minutesMissing: number;
  /**
   * What would still block billing besides minutes, as `REASON` or `REASON:ref` (consent, conditions,
   * visit, plan sign-off, a bundling service...).
   */
  readonly blockers: readonly string[];
  /** When the care team last reached out or was reached in that month (practice-local), if at all. */
  readonly lastContactAt: string | null;
}

export function nextThresholdFor(minutes: number): { minutes: number; code: string } | undefined {
  return THRESHOLDS.find((t) => minutes < t.minutes);
}

/**
 * Pure: the patient's worklist entry from their latest month, or undefined when they do not belong on
 * it (no consent holding at the month's end, or every threshold reached).
 */
export function worklistEntryOf(document: PatientMonthDocument): WorklistEntry | undefined {
  const { summary } = document;
  const next = nextThresholdFor(summary.countedStaffMinutes);
  if (!summary.consentedAtMonthEnd || !next) return undefined;
  return {
    patientId: document.patientId,
    month: document.month,
    revision: document.revision,
    billingPractitionerId: document.billingPractitionerId,
    careTeam: document.careTeam,
    countedStaffMinutes: summary.countedStaffMinutes,
    nextThreshold: next.minutes,
    nextCode: next.code,
    minutesMissing: next.minutes - summary.countedStaffMinutes,
    blockers: summary.blockers,
    // A month keeps its contacts in the order they happened.
    lastContactAt: document.contacts.at(-1)?.occurredAt ?? null,
  };
}

export const WORKLIST_LIST = 'open';

/** Latest month first in the key, then minutes missing: one range per current month, already sorted. */
export const worklistSortKey = (entry: Pick<WorklistEntry, 'month' | 'minutesMissing'>): string =>
  `${entry.month}|${String(entry.minutesMissing).padStart(3, '0')}`;
