import {
  billingSetupOn,
  type BillingProvider,
  type BillingSetupRecord,
  type Demographics,
  type LocalDate,
  type Payer,
  type PersonName,
  type PostalAddress,
} from '@ccm/domain';
import { ADD_ON_CODES } from '@ccm/billing';
import { createHash } from 'node:crypto';

/**
 * A patient-month as the billing export gives it (ExportRow of @ccm/projections): the claim file is
 * built from these lines and never decides billing again.
 */
export interface BillableMonthLine {
  readonly patientId: string;
  readonly serviceMonth: string;
  readonly status: string;
  readonly billingPractitionerId: string;
  readonly billingPractitionerNpi: string;
  /** `99439x2;99490x1`: code and units, as the export prints them. */
  readonly codes: string;
  /** ICD-10 codes of the qualifying conditions (ELIG-1), `;`-separated, in code order. */
  readonly diagnosisCodes: string;
  /** CLAIM-1: the month's last day, or the day the threshold was met when asked. */
  readonly dateOfService: string;
}

/** The demographics a claim carries; a patient without any recorded is not ready. */
export type ClaimDemographics = Pick<Demographics, 'name' | 'dateOfBirth' | 'sex' | 'mbi' | 'address'>;

export interface ClaimServiceLine {
  readonly lineNumber: number;
  readonly code: string;
  readonly units: number;
  readonly dateOfService: LocalDate;
  readonly placeOfService: string;
  /** The fee in force for one unit. */
  readonly unitChargeCents: number;
  /** Fee x units. */
  readonly chargeCents: number;
  /** 1-based positions in the claim's diagnosis codes: the first four. */
  readonly diagnosisPointers: readonly number[];
  readonly renderingNpi: string;
  readonly billingNpi: string;
}

export interface Claim {
  /** CLM01, the patient control number: `<patientId>-<YYYYMM>`, or a digest of the id when too long. */
  readonly claimId: string;
  readonly patientId: string;
  readonly serviceMonth: string;
  readonly dateOfService: LocalDate;
  /** The setup in force on the date of service. */
  readonly setupId: string;
  readonly billingProvider: BillingProvider;
  readonly payer: Payer;
  readonly billingPractitionerId: string;
  readonly renderingNpi: string;
  readonly placeOfService: string;
  readonly patient: {
    readonly mbi: string;
    readonly name: PersonName;
    readonly dateOfBirth: LocalDate;
    readonly sex: Demographics['sex'];
    readonly address: PostalAddress;
  };
  /** Up to 12 ICD-10 codes, in the billing line's order. */
  readonly diagnosisCodes: readonly string[];
  readonly totalChargeCents: number;
  readonly lines: readonly ClaimServiceLine[];
}

export const NOT_READY_REASONS = [
  'NO_DEMOGRAPHICS',
  'NO_MBI',
  'NO_BILLING_SETUP',
  'FEE_MISSING',
  'NO_BILLING_PRACTITIONER_NPI',
  'NO_DIAGNOSIS',
  'NO_CODES',
] as const;
export type NotReadyReason = (typeof NOT_READY_REASONS)[number];

/** A billable patient-month that cannot be claimed yet, and why; never silently dropped. */
export interface NotReadyMonth {
  readonly patientId: string;
  readonly serviceMonth: string;
  readonly reasons: readonly NotReadyReason[];
  /** With FEE_MISSING: the billed codes the schedule in force has no fee for. */
  readonly codesWithoutFee?: readonly string[];
}

export interface ClaimFile {
  readonly practiceId: string;
  readonly serviceMonth: string;
  readonly generation: number;
  readonly claims: readonly Claim[];
  readonly notReady: readonly NotReadyMonth[];
}

export interface ClaimFileInput {
  readonly practiceId: string;
  readonly serviceMonth: string;
  /** 1 for the first file of the month; a resubmission of the month is built as the next one. */
  readonly generation: number;
  readonly lines: readonly BillableMonthLine[];
  readonly setups: readonly BillingSetupRecord[];
  /** By patient id; absent: no demographics recorded. */
  readonly demographics: ReadonlyMap<string, ClaimDemographics>;
}

/** The 837P's HI segment takes 12 diagnoses; an SV107 points at 4 of them. */
export const MAX_DIAGNOSES = 12;
export const MAX_POINTERS = 4;
const MAX_CLAIM_ID = 38;

/** `99439x2;99490x1` back to codes and units; the inverse of the export's codes column. */
export function billedCodesOf(text: string): { readonly code: string; readonly units: number }[] {
  if (text.trim() === '') return [];
  return text.split(';').map((part) => {
    const match = /^([A-Z0-9]+)x(\d+)$/.exec(part.trim());
    if (!match) throw new Error('the codes column is not code x units');
    return { code: match[1], units: Number(match[2]) };
  });
}

/** A payer reads an add-on line against the base line before it; otherwise the export's order is kept. */
const baseCodesFirst = <T extends { readonly code: string }>(codes: readonly T[]): T[] => [
  ...codes.filter((c) => !ADD_ON_CODES.includes(c.code)),
  ...codes.filter((c) => ADD_ON_CODES.includes(c.code)),
];

export function claimIdOf(patientId: string, serviceMonth: string): string {
  const month = serviceMonth.replace('-', '');
  const plain = `${patientId}-${month}`;
  if (plain.length <= MAX_CLAIM_ID) return plain;
  const digest = createHash('sha256').update(patientId).digest('hex').slice(0, 24);
  return `H${digest}-${month}`;
}

const byPatient = (a: { patientId: string }, b: { patientId: string }) =>
  a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0;

type Built = { readonly claim: Claim } | { readonly notReady: NotReadyMonth };

function claimOf(line: BillableMonthLine, input: ClaimFileInput): Built {
  const reasons: NotReadyReason[] = [];
  const demographics = input.demographics.get(line.patientId);
  if (!demographics) reasons.push('NO_DEMOGRAPHICS');
  else if (!demographics.mbi) reasons.push('NO_MBI');
  const setup = billingSetupOn(input.setups, line.dateOfService);
  if (!setup) reasons.push('NO_BILLING_SETUP');
  if (!line.billingPractitionerNpi) reasons.push('NO_BILLING_PRACTITIONER_NPI');
  const diagnosisCodes = line.diagnosisCodes
    .split(';')
    .filter((c) => c !== '')
    .slice(0, MAX_DIAGNOSES);
  if (diagnosisCodes.length === 0) reasons.push('NO_DIAGNOSIS');
  const codes = baseCodesFirst(billedCodesOf(line.codes));
  if (codes.length === 0) reasons.push('NO_CODES');
  const fees = new Map((setup?.fees ?? []).map((f) => [f.code, f.chargeCents]));
  const codesWithoutFee = setup ? codes.filter((c) => !fees.has(c.code)).map((c) => c.code) : [];
  if (codesWithoutFee.length > 0) reasons.push('FEE_MISSING');
  const base = { patientId: line.patientId, serviceMonth: line.serviceMonth };
  if (reasons.length > 0 || !setup || !demographics) {
    return { notReady: { ...base, reasons, ...(codesWithoutFee.length > 0 ? { codesWithoutFee } : {}) } };
  }
  const pointers = diagnosisCodes.slice(0, MAX_POINTERS).map((_, i) => i + 1);
  const lines = codes.map((c, i): ClaimServiceLine => {
    const unitChargeCents = fees.get(c.code) as number;
    return {
      lineNumber: i + 1,
      code: c.code,
      units: c.units,
      dateOfService: line.dateOfService,
      placeOfService: setup.placeOfService,
      unitChargeCents,
      chargeCents: unitChargeCents * c.units,
      diagnosisPointers: pointers,
      renderingNpi: line.billingPractitionerNpi,
      billingNpi: setup.billingProvider.npi,
    };
  });
  const { name, dateOfBirth, sex, mbi, address } = demographics;
  return {
    claim: {
      claimId: claimIdOf(line.patientId, line.serviceMonth),
      ...base,
      dateOfService: line.dateOfService,
      setupId: setup.setupId,
      billingProvider: setup.billingProvider,
      payer: setup.payer,
      billingPractitionerId: line.billingPractitionerId,
      renderingNpi: line.billingPractitionerNpi,
      placeOfService: setup.placeOfService,
      patient: { mbi, name, dateOfBirth, sex, address },
      diagnosisCodes,
      totalChargeCents: lines.reduce((sum, l) => sum + l.chargeCents, 0),
      lines,
    },
  };
}

/**
 * Pure: one claim per billable patient-month of the lines (CLAIM-4), one service line per billed code.
 * Lines that are not billable are no claim; a billable month that lacks anything a claim needs is listed
 * under `notReady` with every reason at once, so one pass over the file tells the biller what to record.
 */
export function buildClaimFile(input: ClaimFileInput): ClaimFile {
  const claims: Claim[] = [];
  const notReady: NotReadyMonth[] = [];
  const billable = input.lines.filter(
    (l) => l.status === 'billable' && l.serviceMonth === input.serviceMonth,
  );
  for (const line of [...billable].sort(byPatient)) {
    const built = claimOf(line, input);
    if ('claim' in built) claims.push(built.claim);
    else notReady.push(built.notReady);
  }
  return {
    practiceId: input.practiceId,
    serviceMonth: input.serviceMonth,
    generation: input.generation,
    claims,
    notReady,
  };
}
