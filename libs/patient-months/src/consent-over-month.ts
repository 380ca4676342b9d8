import type { LocalDateTime } from '@ccm/domain';
import { endOfMonth, nextMonth, previousMonth, startOfMonth } from './calendar';
import type { LedgerConsent, PatientLedger } from './patient-ledger';

export type MonthConsentStatus =
  | 'none'
  | 'declined'
  | 'in_force'
  | 'obtained_this_month'
  | 'withdrawn_this_month'
  | 'withdrawn_before_month';

/** CCM consent over one month: which decision applies and for which part of the month it held. */
export interface MonthConsent {
  readonly status: MonthConsentStatus;
  readonly consentId: string | null;
  readonly obtainedAt: LocalDateTime | null;
  readonly method: string | null;
  readonly obtainedBy: string | null;
  readonly billingPractitionerId: string | null;
  /** Only when the withdrawal happened by the end of this month. */
  readonly withdrawnAt: LocalDateTime | null;
  readonly inForceFrom: LocalDateTime | null;
  readonly inForceUntil: LocalDateTime | null;
}

/**
 * The consent decision that governs a month: the CCM decision obtained last by the month's end (a decision
 * documented late does not override a later one), as the domain's `activeConsent` does for "now".
 */
export function governingConsent(
  ledger: PatientLedger,
  month: string,
  program: LedgerConsent['program'] = 'CCM',
): LedgerConsent | undefined {
  const end = endOfMonth(month);
  return ledger.consents
    .filter((c) => c.program === program && c.obtainedAt <= end)
    .reduce<LedgerConsent | undefined>(
      (last, c) => (!last || c.obtainedAt >= last.obtainedAt ? c : last),
      undefined,
    );
}

export function consentOverMonth(ledger: PatientLedger, month: string): MonthConsent {
  const consent = governingConsent(ledger, month);
  const none: MonthConsent = {
    status: 'none',
    consentId: null,
    obtainedAt: null,
    method: null,
    obtainedBy: null,
    billingPractitionerId: null,
    withdrawnAt: null,
    inForceFrom: null,
    inForceUntil: null,
  };
  if (!consent) return none;
  const start = startOfMonth(month);
  const end = endOfMonth(month);
  const withdrawnAt = consent.withdrawnAt !== null && consent.withdrawnAt <= end ? consent.withdrawnAt : null;
  const base = {
    ...none,
    consentId: consent.consentId,
    obtainedAt: consent.obtainedAt,
    method: consent.method,
    obtainedBy: consent.obtainedBy,
    billingPractitionerId: consent.billingPractitionerId,
    withdrawnAt,
  };
  if (consent.decision === 'declined') return { ...base, status: 'declined' };
  if (withdrawnAt !== null && withdrawnAt < start) return { ...base, status: 'withdrawn_before_month' };
  const inForceFrom = consent.obtainedAt > start ? consent.obtainedAt : start;
  const status: MonthConsentStatus =
    withdrawnAt !== null
      ? 'withdrawn_this_month'
      : consent.obtainedAt >= start
        ? 'obtained_this_month'
        : 'in_force';
  return { ...base, status, inForceFrom, inForceUntil: withdrawnAt };
}

/** Consent held at some point of the month. */
export const consentedDuring = (status: MonthConsentStatus): boolean =>
  status === 'in_force' || status === 'obtained_this_month' || status === 'withdrawn_this_month';

/** Consent still holds at the month's end (a withdrawal this month stops new minutes counting, CONS-7). */
export const consentedAtEnd = (status: MonthConsentStatus): boolean =>
  status === 'in_force' || status === 'obtained_this_month';

/**
 * The months in which consent held at some point, as inclusive ranges (`to` null = still holds). The status
 * can only change in a month where a decision was obtained or withdrawn, or the month after a withdrawal,
 * so evaluating those months is enough.
 */
export function consentedMonthRanges(ledger: PatientLedger): { from: string; to: string | null }[] {
  const boundaries = new Set<string>();
  for (const c of ledger.consents) {
    if (c.program !== 'CCM') continue;
    boundaries.add(c.obtainedAt.slice(0, 7));
    if (c.withdrawnAt) {
      boundaries.add(c.withdrawnAt.slice(0, 7));
      boundaries.add(nextMonth(c.withdrawnAt.slice(0, 7)));
    }
  }
  const ranges: { from: string; to: string | null }[] = [];
  let open: string | null = null;
  for (const month of [...boundaries].sort()) {
    const held = consentedDuring(consentOverMonth(ledger, month).status);
    if (held && open === null) open = month;
    if (!held && open !== null) {
      ranges.push({ from: open, to: previousMonth(month) });
      open = null;
    }
  }
  if (open !== null) ranges.push({ from: open, to: null });
  return ranges;
}
