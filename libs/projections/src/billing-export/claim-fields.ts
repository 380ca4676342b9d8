import { estimateAllowedAmount, type BilledCode } from '@ccm/billing';
import type { LocalDate } from '@ccm/domain';
import { lastDayOf, type BillingStatus, type PatientMonthDocument } from '@ccm/patient-months';

/** CLAIM-1: the claim's date of service, the month's last day by default or the day the threshold was met. */
export type DateOfService = 'month-end' | 'threshold';

/**
 * What a claim needs beyond the codes, computed once from a month document: the billing line of the read
 * model and the CLI export both print exactly these.
 */
export interface ClaimFields {
  /** The billing practitioner's NPI on the practice roster when the month was derived. */
  readonly billingPractitionerNpi: string | null;
  /** ICD-10 codes of the month's qualifying conditions (ELIG-1), in code order. */
  readonly diagnosisCodes: readonly string[];
  /** Only for a billable month. */
  readonly dateOfService: LocalDate | null;
  /** National non-facility allowed amount of the billed codes for the service year; 0 when nothing bills. */
  readonly estimatedAllowedCents: number;
}

/** Works on a document's decision and on a stored billing line alike, so either can be re-dated on request. */
export function dateOfServiceOf(
  month: {
    readonly month: string;
    readonly status: BillingStatus;
    readonly thresholdReachedOn: LocalDate | null;
  },
  which: DateOfService,
): LocalDate | null {
  if (month.status !== 'billable') return null;
  return which === 'threshold' && month.thresholdReachedOn !== null
    ? month.thresholdReachedOn
    : lastDayOf(month.month);
}

export const estimatedAllowedCents = (
  month: string,
  status: BillingStatus,
  codes: readonly BilledCode[],
): number =>
  status === 'billable' && codes.length > 0
    ? estimateAllowedAmount({ serviceMonth: month, codes, patientCostSharingBillable: true }).knownTotalCents
    : 0;

export function claimFieldsOf(
  document: PatientMonthDocument,
  dateOfService: DateOfService = 'month-end',
): ClaimFields {
  const decision = document.billing.decision;
  const status = document.billing.status;
  return {
    billingPractitionerNpi: document.billingPractitionerNpi,
    diagnosisCodes: document.conditions
      .filter((c) => c.qualifying)
      .map((c) => c.icd10)
      .sort(),
    dateOfService: dateOfServiceOf(
      { month: document.month, status, thresholdReachedOn: decision?.thresholdReachedOn ?? null },
      dateOfService,
    ),
    estimatedAllowedCents: estimatedAllowedCents(document.month, status, decision?.codes ?? []),
  };
}
