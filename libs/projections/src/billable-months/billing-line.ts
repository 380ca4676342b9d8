import type { BilledCode, CountedMinutes, NotBillable } from '@ccm/billing';
import type { LocalDate } from '@ccm/domain';
import { claimFieldsOf, type ClaimFields } from '../billing-export/claim-fields';
import {
  npiOf,
  type BillingStatus,
  type DefaultedFact,
  type PatientMonthDocument,
  type PracticeSnapshot,
} from '@ccm/patient-months';

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
  /** As the program metrics count the month: consent in force on some day of it, CCM staff time counted. */
  readonly consentedDuringMonth: boolean;
  readonly countedStaffMinutes: number;
  readonly notBillable: readonly NotBillable[];
  readonly assumed: readonly DefaultedFact[];
  readonly problems: readonly { readonly path: string; readonly message: string }[];
  /** Set once the month was claimed: a billing job skips it (or amends it when the decision changed since). */
  readonly claim: PatientMonthDocument['claim'];
  /** The month changed after its claim: the codes it would bill now differ from those submitted. */
  readonly amendedAfterSubmission: boolean;
}

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
    consentedDuringMonth: document.summary.consentedDuringMonth,
    countedStaffMinutes: document.summary.countedStaffMinutes,
    notBillable: decision?.notBillable ?? [],
    assumed: document.billing.assumed,
    problems: document.billing.problems,
    claim: document.claim,
    amendedAfterSubmission: document.amendedAfterSubmission,
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

const PRACTITIONER_KEY = ',"billingPractitionerId":"';
const NPI_KEY = ',"billingPractitionerNpi":';

/**
 * withRosterNpi for lines read as stored, their JSON text: a list answers thousands of lines, most of them
 * already carrying their practitioner's current NPI, so those are answered as the text they are (stored by
 * JSON.stringify, the bytes serialising the parsed line would give again); only the others are parsed.
 * Whatever the text does not show plainly goes the parsing way too, so both ways answer the same.
 */
export function withRosterNpiText(practice: PracticeSnapshot | undefined): (json: string) => string {
  // Per practitioner on the roster, as npiOf finds them (the first of an id), the NPI as a line's text
  // carries it; null where the roster keeps no NPI, so the stored one stands.
  const expected = new Map<string, string | null>();
  for (const p of practice?.billingPractitioners ?? []) {
    if (!expected.has(p.id))
      expected.set(p.id, p.npi === undefined ? null : `${NPI_KEY}${JSON.stringify(p.npi)}`);
  }
  const parsed = (json: string): string =>
    JSON.stringify(withRosterNpi(JSON.parse(json) as BillingLine, practice));
  if (![...expected.values()].some((npi) => npi !== null)) return (json) => json;
  return (json) => {
    const id = practitionerIdIn(json);
    if (id === undefined) return parsed(json);
    const npi = expected.get(id) ?? null;
    // No other object of a line has an NPI key, and a key's text cannot occur inside a string value.
    return npi === null || json.includes(npi) ? json : parsed(json);
  };
}

/**
 * The line's own practitioner id, read from its text; undefined unless plain. Its claim names one too, so
 * the key must come before any nested object: then it is the line's, whatever order the keys were in.
 */
function practitionerIdIn(json: string): string | undefined {
  const at = json.indexOf(PRACTITIONER_KEY);
  if (at < 0 || json.lastIndexOf('{', at) !== 0) return undefined;
  const start = at + PRACTITIONER_KEY.length;
  const end = json.indexOf('"', start);
  const id = json.slice(start, end);
  return end < 0 || id.includes('\\') ? undefined : id;
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
