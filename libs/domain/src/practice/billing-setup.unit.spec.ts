import { givenPractice } from '../testing/decider-spec';
import { ACTOR, PRACTICE_ID, practiceRegistered, practiceUpdated } from '../testing/fixtures';
import { billingSetupOn, taxIdOf, type BillingSetup } from './billing-setup';
import { evolvePractice, initialPracticeState, type PracticeCommand, type PracticeEvent } from './practice';

const setup = (overrides: Partial<BillingSetup> = {}): BillingSetup => ({
  effectiveFrom: '2026-01-01',
  billingProvider: {
    organisationName: ' Riverside Family Medicine ',
    npi: '1234567893',
    taxId: '12-3456789',
    address: { lines: ['100 Main St'], city: 'Riverside', state: 'ca', postalCode: '92501-1234' },
    phone: '(951) 555-0100',
  },
  placeOfService: '11',
  payer: { name: 'Noridian JE Part B', id: '01112' },
  fees: [
    { code: '99490', chargeCents: 9000 },
    { code: '99439', chargeCents: 7000 },
  ],
  ...overrides,
});

const record = (overrides: Partial<BillingSetup> = {}, setupId = 'bs-1'): PracticeCommand => ({
  type: 'RecordBillingSetup',
  data: { practiceId: PRACTICE_ID, setupId, ...setup(overrides) },
});

/** As stored: trimmed name, tax id and ZIP as digits, state upper case, fees in code order. */
const recorded = (overrides: Partial<BillingSetup> = {}, setupId = 'bs-1'): PracticeEvent => ({
  type: 'BillingSetupRecorded',
  data: {
    setupId,
    effectiveFrom: '2026-01-01',
    billingProvider: {
      organisationName: 'Riverside Family Medicine',
      npi: '1234567893',
      taxId: '123456789',
      address: { lines: ['100 Main St'], city: 'Riverside', state: 'CA', postalCode: '925011234' },
      phone: '9515550100',
    },
    placeOfService: '11',
    payer: { name: 'Noridian JE Part B', id: '01112' },
    fees: [
      { code: '99439', chargeCents: 7000 },
      { code: '99490', chargeCents: 9000 },
    ],
    ...overrides,
    recordedBy: ACTOR,
  },
});

describe('billing setup (the practice stream): who bills, where, and at what charge', () => {
  it('records a setup in its stored form', () => {
    givenPractice(practiceRegistered()).when(record()).then(recorded());
  });

  it('answers a re-send as already applied and another setup under the same id as a conflict', () => {
    const spec = givenPractice(practiceRegistered(), recorded());
    spec.when(record()).thenAlreadyApplied(1);
    spec.when(record({ placeOfService: '22' })).thenRefuses('BILLING_SETUP_ID_REUSED', { key: 'bs-1' });
  });

  it('refuses an invalid NPI, tax id, place of service, address and fees, naming each field', () => {
    givenPractice(practiceRegistered())
      .when(
        record({
          billingProvider: {
            organisationName: '',
            npi: '1234567890',
            taxId: '1234-56789',
            address: { lines: ['1 A St'], city: 'Riverside', state: 'CA', postalCode: '92501' },
            phone: '555',
          },
          placeOfService: '1',
          payer: { name: 'Noridian', id: '0-1' },
          fees: [
            { code: '9949', chargeCents: 100 },
            { code: '99490', chargeCents: 0 },
            { code: '99490', chargeCents: 12.5 },
          ],
        }),
      )
      .thenRefuses('BILLING_SETUP_INVALID', {
        fields: [
          'billingProvider.organisationName',
          'billingProvider.npi',
          'billingProvider.taxId',
          'billingProvider.address',
          'billingProvider.phone',
          'payer.id',
          'placeOfService',
          'fees[0].code',
          'fees[1].chargeCents',
          'fees[2].chargeCents',
          'fees (a code listed twice)',
        ],
      });
    givenPractice(practiceRegistered())
      .when(record({ fees: [], effectiveFrom: '2026-02-30' }))
      .thenRefuses('BILLING_SETUP_INVALID', { fields: ['effectiveFrom', 'fees'] });
  });

  it('refuses a setup for a practice not registered', () => {
    givenPractice().when(record()).thenRefuses('PRACTICE_NOT_FOUND');
  });

  it('takes a setup effective in the past or the future: business dates are the practice’s', () => {
    const spec = givenPractice(practiceRegistered(), recorded());
    spec
      .when(record({ effectiveFrom: '2024-07-01' }, 'bs-0'))
      .then(recorded({ effectiveFrom: '2024-07-01' }, 'bs-0'));
    spec
      .when(record({ effectiveFrom: '2027-01-01' }, 'bs-2'))
      .then(recorded({ effectiveFrom: '2027-01-01' }, 'bs-2'));
  });

  it('keeps every setup in recording order across profile updates; the one in force is the latest effective', () => {
    const history = [
      practiceRegistered(),
      recorded({ effectiveFrom: '2026-01-01' }, 'bs-jan'),
      practiceUpdated(),
      recorded({ effectiveFrom: '2026-04-01', placeOfService: '22' }, 'bs-apr'),
      recorded({ effectiveFrom: '2026-01-01', placeOfService: '02' }, 'bs-jan-fix'),
    ];
    const state = history.reduce(evolvePractice, initialPracticeState);
    if (state.status !== 'registered') throw new Error('the practice is registered');
    expect(state.billingSetups?.map((s) => [s.setupId, s.atRevision])).toEqual([
      ['bs-jan', 1],
      ['bs-apr', 3],
      ['bs-jan-fix', 4],
    ]);
    expect(billingSetupOn(state.billingSetups, '2025-12-31')).toBeUndefined();
    // Of two setups effective on one date the one recorded later is the correction in force.
    expect(billingSetupOn(state.billingSetups, '2026-03-31')?.setupId).toBe('bs-jan-fix');
    expect(billingSetupOn(state.billingSetups, '2026-04-01')?.placeOfService).toBe('22');
  });

  it('reads a tax id typed with or without its dash', () => {
    expect(taxIdOf('12-3456789')).toBe('123456789');
    expect(taxIdOf('123456789')).toBe('123456789');
    expect(taxIdOf('1234567890')).toBeUndefined();
    expect(taxIdOf('12-345678')).toBeUndefined();
  });
});
