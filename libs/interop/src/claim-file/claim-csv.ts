import type { Claim, ClaimFile, ClaimServiceLine } from './claim-file';

/** One column of the CSV: its header and how a service line of a claim fills it (docs/claim-file.md). */
interface Column {
  readonly name: string;
  readonly value: (claim: Claim, line: ClaimServiceLine) => string | number;
}

/** In file order; the legend in docs/claim-file.md lists the same names in the same order. */
export const CLAIM_CSV_COLUMNS: readonly Column[] = [
  { name: 'claimId', value: (c) => c.claimId },
  { name: 'patientId', value: (c) => c.patientId },
  { name: 'serviceMonth', value: (c) => c.serviceMonth },
  { name: 'lineNumber', value: (_, l) => l.lineNumber },
  { name: 'dateOfService', value: (_, l) => l.dateOfService },
  { name: 'placeOfService', value: (_, l) => l.placeOfService },
  { name: 'code', value: (_, l) => l.code },
  { name: 'units', value: (_, l) => l.units },
  { name: 'unitChargeCents', value: (_, l) => l.unitChargeCents },
  { name: 'chargeCents', value: (_, l) => l.chargeCents },
  { name: 'diagnosisPointers', value: (_, l) => l.diagnosisPointers.join(';') },
  { name: 'diagnosisCodes', value: (c) => c.diagnosisCodes.join(';') },
  { name: 'claimChargeCents', value: (c) => c.totalChargeCents },
  { name: 'renderingNpi', value: (_, l) => l.renderingNpi },
  { name: 'billingNpi', value: (_, l) => l.billingNpi },
  { name: 'billingTaxId', value: (c) => c.billingProvider.taxId },
  { name: 'billingProviderName', value: (c) => c.billingProvider.organisationName },
  { name: 'payerId', value: (c) => c.payer.id },
  { name: 'patientMbi', value: (c) => c.patient.mbi },
  { name: 'patientFamilyName', value: (c) => c.patient.name.family },
  { name: 'patientGivenNames', value: (c) => c.patient.name.given.join(' ') },
  { name: 'patientDateOfBirth', value: (c) => c.patient.dateOfBirth },
  { name: 'patientSex', value: (c) => c.patient.sex },
  { name: 'patientAddressLines', value: (c) => c.patient.address.lines.join('\n') },
  { name: 'patientCity', value: (c) => c.patient.address.city },
  { name: 'patientState', value: (c) => c.patient.address.state },
  { name: 'patientPostalCode', value: (c) => c.patient.address.postalCode },
];

/** RFC 4180: a field with a comma, a double quote, CR or LF is quoted, its quotes doubled. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One row per service line, claims in patient order and lines in claim order, records ended by CRLF
 * as RFC 4180 has it. Months not ready carry no line: they are in the JSON form only.
 */
export function claimFileCsv(file: ClaimFile): string {
  const rows = [CLAIM_CSV_COLUMNS.map((c) => c.name).join(',')];
  for (const claim of file.claims) {
    for (const line of claim.lines) {
      rows.push(CLAIM_CSV_COLUMNS.map((c) => csvField(c.value(claim, line))).join(','));
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}
