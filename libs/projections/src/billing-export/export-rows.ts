import { reasonKey } from '@ccm/billing';
import { codesText, type PatientMonthDocument } from '@ccm/patient-months';
import type { BillingLine } from '../billable-months/billing-line';
import { claimFieldsOf, dateOfServiceOf, type DateOfService } from './claim-fields';

/** One line of the billing export: a patient-month, billable or not, with what a claim needs. */
export interface ExportRow {
  readonly patientId: string;
  readonly serviceMonth: string;
  readonly status: string;
  readonly billingPractitionerId: string;
  readonly billingPractitionerNpi: string;
  readonly codes: string;
  /** ICD-10 codes of the qualifying conditions (ELIG-1), in code order. */
  readonly diagnosisCodes: string;
  /** CLAIM-1: month end by default; the date the threshold was reached on request. */
  readonly dateOfService: string;
  readonly estimatedAllowedCents: number;
  readonly submitted: boolean;
  readonly amendedAfterSubmission: boolean;
  readonly reasons: string;
}

/** The claim fields are those of the api's billing line (claimFieldsOf), printed as text. */
export function exportRow(document: PatientMonthDocument, dateOfService: DateOfService): ExportRow {
  const decision = document.billing.decision;
  const claim = claimFieldsOf(document, dateOfService);
  return {
    patientId: document.patientId,
    serviceMonth: document.month,
    status: document.billing.status,
    billingPractitionerId: document.billingPractitionerId,
    billingPractitionerNpi: claim.billingPractitionerNpi ?? '',
    codes: codesText(decision?.codes ?? []),
    diagnosisCodes: claim.diagnosisCodes.join(';'),
    dateOfService: claim.dateOfService ?? '',
    estimatedAllowedCents: claim.estimatedAllowedCents,
    submitted: document.claim !== null,
    amendedAfterSubmission: document.amendedAfterSubmission,
    reasons: (decision?.notBillable ?? []).map(reasonKey).join(';'),
  };
}

/** The same row from a billing line, as the api's list serves it: the line carries every claim field. */
export function exportRowOfLine(line: BillingLine, dateOfService: DateOfService): ExportRow {
  return {
    patientId: line.patientId,
    serviceMonth: line.month,
    status: line.status,
    billingPractitionerId: line.billingPractitionerId,
    billingPractitionerNpi: line.billingPractitionerNpi ?? '',
    codes: codesText(line.codes),
    diagnosisCodes: line.diagnosisCodes.join(';'),
    dateOfService: dateOfServiceOf(line, dateOfService) ?? '',
    estimatedAllowedCents: line.estimatedAllowedCents,
    submitted: line.claim !== null,
    amendedAfterSubmission: line.amendedAfterSubmission,
    reasons: line.notBillable.map(reasonKey).join(';'),
  };
}

const COLUMNS: readonly (keyof ExportRow)[] = [
  'patientId',
  'serviceMonth',
  'status',
  'billingPractitionerId',
  'billingPractitionerNpi',
  'codes',
  'diagnosisCodes',
  'dateOfService',
  'estimatedAllowedCents',
  'submitted',
  'amendedAfterSubmission',
  'reasons',
];

const csvCell = (value: string | number | boolean): string => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Deterministic: rows in patient order, fixed columns, so the same store gives byte-identical output. */
export function formatExport(rows: readonly ExportRow[], format: 'csv' | 'json'): string {
  const sorted = [...rows].sort((a, b) =>
    a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0,
  );
  if (format === 'json') return `${JSON.stringify(sorted, null, 2)}\n`;
  return (
    [COLUMNS.join(','), ...sorted.map((row) => COLUMNS.map((c) => csvCell(row[c])).join(','))].join('\n') +
    '\n'
  );
}
