import { FEE_SCHEDULE } from '@ccm/billing';
import { CODE_RULE } from '@ccm/billing/codes';
import { addDays, type BillingSetupCommand, type FeeScheduleEntry } from '@ccm/domain';
import { AREA_CODE } from './catalog';
import { clinicMonths, type ClinicOptions } from './generate-clinic';

/**
 * The organisation NPI the demo practice bills under: valid (check digit) and none of its practitioners'
 * (catalog.ts), so the 837P names each practitioner as the rendering provider.
 */
export const DEMO_BILLING_NPI = '9876543213';

/** What the practice charges for a code with no reference amount: about a CCM base code's charge. */
const DEFAULT_CHARGE_CENTS = 12_000;

/**
 * The practice's charge for each code the billing engine can bill (every code of CODE_RULE, so no claim
 * is held back for a missing fee): twice the latest national allowed amount of the reference, in whole
 * dollars, as practices set their charges above what Medicare allows; a fixed charge without one.
 */
export function demoFeeSchedule(): FeeScheduleEntry[] {
  return Object.keys(CODE_RULE)
    .sort()
    .map((code) => {
      const reference = FEE_SCHEDULE.filter((f) => f.code === code).sort((a, b) => b.year - a.year)[0];
      const chargeCents = reference
        ? Math.ceil((reference.amountCents * 2) / 100) * 100
        : DEFAULT_CHARGE_CENTS;
      return { code, chargeCents };
    });
}

/**
 * The billing setup the practice's admin records on the practice stream: effective from the first day
 * of the month before the clinic's first, so that every seeded month's claims find it in force.
 */
export function planBillingSetup(options: ClinicOptions): BillingSetupCommand {
  const [firstMonth] = clinicMonths(options.lastDay, options.months);
  const monthBefore = addDays(`${firstMonth}-01`, -1).slice(0, 7);
  return {
    type: 'RecordBillingSetup',
    data: {
      practiceId: options.practiceId,
      setupId: 'setup-1',
      effectiveFrom: `${monthBefore}-01`,
      billingProvider: {
        organisationName: 'Demo Family Medicine (synthetic)',
        npi: DEMO_BILLING_NPI,
        taxId: '00-1234567',
        address: {
          lines: ['100 Demo Plaza', 'Suite 200'],
          city: 'Springfield',
          state: 'IL',
          postalCode: '627040001',
        },
        phone: `${AREA_CODE}5550100`,
      },
      placeOfService: '11',
      payer: { name: 'Synthetic Medicare Contractor', id: 'SYNMAC01' },
      fees: demoFeeSchedule(),
    },
  };
}
