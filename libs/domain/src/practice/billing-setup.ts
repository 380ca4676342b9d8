import { addressOf, phoneOf } from '../demographics/demographics-rules';
import type { PostalAddress } from '../demographics/demographics.events';
import { fingerprintOf } from '../patient/idempotency';
import { accept, refuse, type Decision } from '../shared/decision';
import { isValidNpi } from '../shared/ids';
import { isLocalDate, type LocalDate } from '../shared/local-time';
import type { PracticeDecisionContext } from './after-hours-access';

/**
 * What a claim needs from the practice that the clinical record does not hold: who bills (the
 * organisation, its NPI, its tax id and where it is), where the service is placed, and what each code
 * is charged. Each setup holds from `effectiveFrom` until a later-effective one; a setup is recorded
 * whole, so a change of fees or of address is a new setup, never an edit of an old one.
 */
export interface BillingProvider {
  /** NM103 of loop 2010AA allows 60 characters. */
  readonly organisationName: string;
  readonly npi: string;
  /** Employer identification number: 9 digits, stored without its dash. */
  readonly taxId: string;
  /** The 837P wants a street address with a ZIP+4 here (no post-office box): 1-2 lines, 9 digits. */
  readonly address: PostalAddress;
  /** Who the payer calls about the claims (PER of loop 1000A): a US number, stored as its 10 digits. */
  readonly phone: string;
}

/** Who receives and pays the claims: the Medicare Administrative Contractor for the practice's area. */
export interface Payer {
  readonly name: string;
  /** The payer id the contractor publishes for electronic claims. */
  readonly id: string;
}

export interface FeeScheduleEntry {
  /** CPT (5 digits) or HCPCS level II (a letter and 4 digits). */
  readonly code: string;
  /** The practice's charge for one unit, in cents. */
  readonly chargeCents: number;
}

export interface BillingSetup {
  readonly effectiveFrom: LocalDate;
  readonly billingProvider: BillingProvider;
  /** CMS place-of-service code, 2 digits (11 office, 22 outpatient hospital...). */
  readonly placeOfService: string;
  readonly payer: Payer;
  readonly fees: readonly FeeScheduleEntry[];
}

export type BillingSetupEvent = {
  readonly type: 'BillingSetupRecorded';
  readonly data: BillingSetup & { readonly setupId: string; readonly recordedBy: string };
};

export const BILLING_SETUP_EVENT_TYPES = [
  'BillingSetupRecorded',
] as const satisfies readonly BillingSetupEvent['type'][];

export type BillingSetupCommand = {
  readonly type: 'RecordBillingSetup';
  readonly data: BillingSetup & { readonly practiceId: string; readonly setupId: string };
};

/** One recorded setup as the practice state keeps it. */
export interface BillingSetupRecord extends BillingSetup {
  readonly setupId: string;
  readonly atRevision: number;
}

export const isBillingSetupCommand = (command: { type: string }): command is BillingSetupCommand =>
  command.type === 'RecordBillingSetup';

export const CODE_PATTERN = /^(\d{5}|[A-Z]\d{4})$/;
export const PLACE_OF_SERVICE_PATTERN = /^\d{2}$/;
/** ISA08 and GS03 carry it too: at most 15 characters. */
export const PAYER_ID_PATTERN = /^[A-Za-z0-9]{2,15}$/;
/** The largest charge taken for one unit: $100,000, far above any care-management fee. */
export const MAX_CHARGE_CENTS = 10_000_000;
export const MAX_FEES = 200;

/** `12-3456789` or `123456789` as its 9 digits; undefined otherwise. */
export function taxIdOf(typed: string): string | undefined {
  const match = /^(\d{2})-?(\d{7})$/.exec(typed.trim());
  return match ? `${match[1]}${match[2]}` : undefined;
}

/** The setup in force on `date`: effective latest on or before it; of one date, the one recorded last. */
export function billingSetupOn(
  records: readonly BillingSetupRecord[] | undefined,
  date: LocalDate,
): BillingSetupRecord | undefined {
  let found: BillingSetupRecord | undefined;
  for (const r of records ?? []) {
    if (r.effectiveFrom <= date && (found === undefined || r.effectiveFrom >= found.effectiveFrom)) found = r;
  }
  return found;
}

type Canonical = { readonly setup: BillingSetup } | { readonly problems: readonly string[] };

/** The setup as stored (trimmed, tax id and ZIP as digits, state upper case), or the fields at fault. */
export function canonicalBillingSetup(input: BillingSetup): Canonical {
  const problems: string[] = [];
  const provider = input.billingProvider;
  const name = provider.organisationName.trim();
  if (name.length < 1 || name.length > 60) problems.push('billingProvider.organisationName');
  if (!isValidNpi(provider.npi)) problems.push('billingProvider.npi');
  const taxId = taxIdOf(provider.taxId);
  if (!taxId) problems.push('billingProvider.taxId');
  const address = addressOf(provider.address);
  if (!address || address.lines.length > 2 || address.postalCode.length !== 9) {
    problems.push('billingProvider.address');
  }
  const phone = phoneOf(provider.phone);
  if (!phone) problems.push('billingProvider.phone');
  const payerName = input.payer.name.trim();
  if (payerName.length < 1 || payerName.length > 60) problems.push('payer.name');
  if (!PAYER_ID_PATTERN.test(input.payer.id)) problems.push('payer.id');
  if (!isLocalDate(input.effectiveFrom)) problems.push('effectiveFrom');
  if (!PLACE_OF_SERVICE_PATTERN.test(input.placeOfService)) problems.push('placeOfService');
  if (input.fees.length < 1 || input.fees.length > MAX_FEES) problems.push('fees');
  input.fees.forEach((fee, i) => {
    if (!CODE_PATTERN.test(fee.code)) problems.push(`fees[${i}].code`);
    if (!Number.isInteger(fee.chargeCents) || fee.chargeCents < 1 || fee.chargeCents > MAX_CHARGE_CENTS) {
      problems.push(`fees[${i}].chargeCents`);
    }
  });
  const codes = input.fees.map((f) => f.code);
  if (new Set(codes).size !== codes.length) problems.push('fees (a code listed twice)');
  if (problems.length > 0 || !taxId || !address || !phone) return { problems };
  return {
    setup: {
      effectiveFrom: input.effectiveFrom,
      billingProvider: { organisationName: name, npi: provider.npi, taxId, address, phone },
      placeOfService: input.placeOfService,
      payer: { name: payerName, id: input.payer.id },
      fees: [...input.fees]
        .map((f) => ({ code: f.code, chargeCents: f.chargeCents }))
        .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    },
  };
}

export function decideBillingSetup(
  command: BillingSetupCommand,
  records: readonly BillingSetupRecord[],
  context: PracticeDecisionContext,
): Decision<BillingSetupEvent> {
  const { practiceId: _practiceId, setupId, ...given } = command.data;
  const canonical = canonicalBillingSetup(given);
  if ('problems' in canonical) {
    return refuse('BILLING_SETUP_INVALID', 'The billing setup is not valid.', { fields: canonical.problems });
  }
  const content = { setupId, ...canonical.setup };
  const earlier = records.find((r) => r.setupId === setupId);
  if (earlier) {
    const { atRevision: _atRevision, ...earlierContent } = earlier;
    return fingerprintOf(earlierContent) === fingerprintOf(content)
      ? { outcome: 'already_applied', atRevision: earlier.atRevision }
      : refuse('BILLING_SETUP_ID_REUSED', 'This setup id was already used for a different setup.', {
          key: setupId,
        });
  }
  return accept({ type: 'BillingSetupRecorded', data: { ...content, recordedBy: context.actorId } });
}

/** The record an event adds; `atRevision` is the revision the event is written at. */
export function billingSetupRecordOf(event: BillingSetupEvent, atRevision: number): BillingSetupRecord {
  const { recordedBy: _recordedBy, ...setup } = event.data;
  return { ...setup, atRevision };
}
