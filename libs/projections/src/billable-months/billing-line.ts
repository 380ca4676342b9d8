import type { BilledCode, CountedMinutes, NotBillable } from '@ccm/billing';
import type { LocalDate } from '@ccm/domain';
import { claimFieldsOf, type ClaimFields } from '../billing-export/claim-fields';
import type { DefaultedFact } from './fact-defaults';
import type { BillingStatus } from './month-billing';
import type { PatientMonthDocument } from './patient-month';
import { npiOf, type PracticeSnapshot } from './practice-snapshot';

/**
 * One row of a billing month: what a billing job needs to claim (or not) this patient-month, the claim
 * fields (NPI, diagnoses, date of service at month end, estimated allowed amount) included.
 */
export interface BillingLine extends ClaimFields {
  readonly patientId: string;
  readonly month: string;
  readonly revision: number;
  readonly status: BillingStatus;
  readonly billingPractitionerId: string;
  readonly ruleSet: string | null;
  readonly codes: readonly BilledCode[];
  readonly thresholdReachedOn: LocalDate | null;
  readonly countedMinutes: CountedMinutes | null;
  readonly notBillable: readonly NotBillable[];
  readonly assumed: readonly DefaultedFact[];
  readonly problems: readonly { readonly path: string; readonly message: string }[];
  /** Set once the month was claimed: a billing job skips it (or amends it when the decision changed since). */
  readonly claim: PatientMonthDocument['claim'];
  /** The month changed after its claim: the codes it would bill now differ from those submitted. */
  readonly amendedAfterSubmission: boolean;
}

/** `99439x1;99490x1`: codes in order, so two decisions compare as text and exports read the same. */
export const codesText = (codes: readonly { readonly code: string; readonly units: number }[]): string =>
  codes
    .map((c) => `${c.code}x${c.units}`)
    .sort()
    .join(';');

/** The month changed after its claim: the codes it would bill now differ from those submitted. */
export const amendedAfterSubmission = (document: PatientMonthDocument): boolean =>
  document.claim !== null &&
  codesText(document.claim.codes) !== codesText(document.billing.decision?.codes ?? []);

export function billingLineOf(document: PatientMonthDocument): BillingLine {
  const { decision } = document.billing;
  return {
    patientId: document.patientId,
    month: document.month,
    revision: document.revision,
    status: document.billing.status,
    billingPractitionerId: document.billingPractitionerId,
    ruleSet: decision?.ruleSet ?? null,
    codes: decision?.codes ?? [],
    thresholdReachedOn: decision?.thresholdReachedOn ?? null,
    countedMinutes: decision?.countedMinutes ?? null,
    notBillable: decision?.notBillable ?? [],
    assumed: document.billing.assumed,
    problems: document.billing.problems,
    claim: document.claim,
    amendedAfterSubmission: amendedAfterSubmission(document),
    ...claimFieldsOf(document, 'month-end'),
  };
}

/**
 * The NPI is the practitioner's, not the month's: a line stored before the roster changed is answered with
 * the roster's current NPI (as the export, decided from the events, prints it). Older snapshots kept none.
 */
export function withRosterNpi(line: BillingLine, practice: PracticeSnapshot | undefined): BillingLine {
  const npi = npiOf(practice, line.billingPractitionerId) ?? line.billingPractitionerNpi;
  return npi === line.billingPractitionerNpi ? line : { ...line, billingPractitionerNpi: npi };
}

export type BillingListStatus = 'billable' | 'not-billable' | 'all';

export const billingList = (month: string, status: BillingListStatus): string => `billing:${month}:${status}`;

/** Listed under `all` and under its status; `incomplete` months are listed as not billable. */
export const billingListsOf = (line: BillingLine) => [
  { list: billingList(line.month, 'all'), sortKey: line.patientId },
  {
    list: billingList(line.month, line.status === 'billable' ? 'billable' : 'not-billable'),
    sortKey: line.patientId,
  },
];
