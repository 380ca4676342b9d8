import { estimateAllowedAmount, reasonKey } from '@ccm/billing';
import { amendedAfterSubmission, codesText } from '../billable-months/billing-line';
import type { PatientMonthDocument } from '../billable-months/patient-month';

export type DateOfService = 'month-end' | 'threshold';

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

const lastDay = (month: string): string =>
  `${month}-${String(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate()).padStart(2, '0')}`;

export function exportRow(
  document: PatientMonthDocument,
  npiOf: (practitionerId: string) => string | undefined,
  dateOfService: DateOfService,
): ExportRow {
  const decision = document.billing.decision;
  const codes = decision?.codes ?? [];
  const billable = document.billing.status === 'billable';
  return {
    patientId: document.patientId,
    serviceMonth: document.month,
    status: document.billing.status,
    billingPractitionerId: document.billingPractitionerId,
    billingPractitionerNpi: npiOf(document.billingPractitionerId) ?? '',
    codes: codesText(codes),
    diagnosisCodes: document.conditions
      .filter((c) => c.qualifying)
      .map((c) => c.icd10)
      .sort()
      .join(';'),
    dateOfService: billable
      ? dateOfService === 'threshold'
        ? (decision?.thresholdReachedOn ?? lastDay(document.month))
        : lastDay(document.month)
      : '',
    estimatedAllowedCents: decision && billable ? estimateAllowedAmount(decision).knownTotalCents : 0,
    submitted: document.claim !== null,
    amendedAfterSubmission: amendedAfterSubmission(document),
    reasons: (decision?.notBillable ?? []).map(reasonKey).join(';'),
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
