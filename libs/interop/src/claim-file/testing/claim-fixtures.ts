import type { BillingSetupRecord } from '@ccm/domain';
import type { BillableMonthLine, ClaimDemographics } from '../claim-file';

export const JANUARY_SETUP: BillingSetupRecord = {
  setupId: 'bs-2026',
  atRevision: 1,
  effectiveFrom: '2026-01-01',
  billingProvider: {
    organisationName: 'Riverside Family Medicine',
    npi: '1245319599',
    taxId: '123456789',
    address: { lines: ['100 Main St', 'Suite 2'], city: 'Riverside', state: 'CA', postalCode: '925011234' },
    phone: '9515550100',
  },
  placeOfService: '11',
  payer: { name: 'Noridian JE Part B', id: '01112' },
  fees: [
    { code: '99439', chargeCents: 7000 },
    { code: '99490', chargeCents: 9000 },
  ],
};

/** From 15 March the fees go up and the claims are placed in telehealth at home. */
export const MID_MARCH_SETUP: BillingSetupRecord = {
  ...JANUARY_SETUP,
  setupId: 'bs-mar',
  atRevision: 2,
  effectiveFrom: '2026-03-15',
  placeOfService: '10',
  fees: [
    { code: '99439', chargeCents: 7500 },
    { code: '99490', chargeCents: 9900 },
  ],
};

export const billableLine = (overrides: Partial<BillableMonthLine> = {}): BillableMonthLine => ({
  patientId: 'pt-1',
  serviceMonth: '2026-03',
  status: 'billable',
  billingPractitionerId: 'dr-adams',
  billingPractitionerNpi: '1234567893',
  codes: '99439x2;99490x1',
  diagnosisCodes: 'E11.9;I10',
  dateOfService: '2026-03-31',
  ...overrides,
});

export const demographicsOf = (overrides: Partial<ClaimDemographics> = {}): ClaimDemographics => ({
  name: { given: ['María', 'Elena'], family: "O'Kafor, Jr" },
  dateOfBirth: '1946-09-14',
  sex: 'female',
  mbi: '1EG4TE5MK73',
  address: { lines: ['12 Elm St', 'Apt 4'], city: 'Riverside', state: 'CA', postalCode: '925011234' },
  ...overrides,
});
