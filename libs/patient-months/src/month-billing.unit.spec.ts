import type { PatientMonthFacts } from '@ccm/billing';
import {
  buildFacts,
  entry,
  minutesBy,
  OTHER_DR,
  SCHEDULER,
  type FactsPatch,
} from '../../billing/src/testing/facts-builder';
import { blockersOf, decideMonth, type MonthBilling } from './month-billing';

const billingOf = (patch: FactsPatch): MonthBilling => decideMonth(buildFacts(patch), []);
const reasonsOf = (billing: MonthBilling): string[] =>
  (billing.decision?.notBillable ?? []).map((r) => (r.ref === undefined ? r.reason : `${r.reason}:${r.ref}`));

describe('summary blockers: what blocks a month, named with its ref', () => {
  it('names a failed gate whose reason carries a code (ELIG-1, EXCL-1)', () => {
    const oneCondition = billingOf({
      timeEntries: minutesBy(25),
      patient: {
        chronicConditions: [
          {
            name: 'type 2 diabetes mellitus',
            icd10: 'E11.9',
            expectedDuration: '12_months_or_more',
            significantRisk: true,
          },
        ],
        qualifyingChronicConditionCount: 1,
      },
    });
    expect(oneCondition.status).toBe('not_billable');
    expect(blockersOf(oneCondition, true)).toEqual(['INSUFFICIENT_QUALIFYING_CONDITIONS:99490']);

    const dialysis = billingOf({
      timeEntries: minutesBy(25),
      otherServicesThisMonth: [{ code: 'G0181', practitionerId: 'dr-adams', date: '2026-03-05' }],
    });
    expect(dialysis.status).toBe('not_billable');
    expect(blockersOf(dialysis, true)).toEqual(['EXCLUDED_BY_CONCURRENT_SERVICE:G0181']);
  });

  it('names a failed requirement by its fact path, and keeps whole-month reasons as they were (PLAN-3, PRAC-4)', () => {
    const noCopy = billingOf({ timeEntries: minutesBy(25), carePlan: { copyGivenToPatient: false } });
    expect(blockersOf(noCopy, true)).toEqual(['REQUIREMENT_NOT_MET:carePlan.copyGivenToPatient']);

    const claimedElsewhere = billingOf({
      timeEntries: minutesBy(25),
      otherPractitionerClaimsThisMonth: [{ code: '99490', practitionerId: 'dr-baker' }],
    });
    expect(blockersOf(claimedElsewhere, true)).toContain('ANOTHER_PRACTITIONER_BILLED_CCM');
  });

  it('leaves out excluded time entries, even those REQUIREMENT_NOT_MET names (TIME-3, TIME-16)', () => {
    const billing = billingOf({
      timeEntries: [
        ...minutesBy(25),
        entry(10, { id: 'sched-1', date: '2026-03-20', performer: SCHEDULER }),
        entry(10, { id: 'other-dr', date: '2026-03-21', performer: OTHER_DR }),
        entry(5, { id: 'voided', date: '2026-03-22', status: 'voided' }),
      ],
    });
    expect(billing.status).toBe('billable');
    expect(reasonsOf(billing)).toEqual(
      expect.arrayContaining([
        'NON_CLINICAL_STAFF_TIME_EXCLUDED:sched-1',
        'REQUIREMENT_NOT_MET:other-dr',
        'SUPERSEDED_OR_VOIDED_ENTRY_EXCLUDED:voided',
      ]),
    );
    expect(blockersOf(billing, true)).toEqual([]);
  });

  it('leaves out minutes short of a threshold or past a cap: the worklist counts those on its own (TIME-2, CODE-2)', () => {
    const short = billingOf({ timeEntries: minutesBy(12) });
    expect(reasonsOf(short)).toContain('TIME_BELOW_THRESHOLD:99490');
    expect(blockersOf(short, true)).toEqual([]);
    const capped = billingOf({ timeEntries: minutesBy(100) });
    expect(reasonsOf(capped)).toContain('ADDON_UNIT_CAP_REACHED:99439');
    expect(blockersOf(capped, true)).toEqual([]);
  });

  it('tells an entry id from a code when an entry happens to be named like one', () => {
    const facts: PatientMonthFacts = buildFacts({ timeEntries: minutesBy(25) });
    const billing: MonthBilling = {
      ...decideMonth(facts, []),
      facts: { ...facts, timeEntries: [...facts.timeEntries, entry(5, { id: '99490' })] },
    };
    const decision = billing.decision!;
    const withReasons: MonthBilling = {
      ...billing,
      decision: {
        ...decision,
        notBillable: [
          { reason: 'REQUIREMENT_NOT_MET', ref: '99490(3 of 5 minutes)', rule: 'TIME-3' },
          { reason: 'INSUFFICIENT_QUALIFYING_CONDITIONS', ref: '99490', rule: 'ELIG-1' },
          { reason: 'NO_CONSENT', rule: 'CONS-1' },
          { reason: 'NO_CONSENT', rule: 'CONS-2' },
        ],
      },
    };
    expect(blockersOf(withReasons, true)).toEqual(['INSUFFICIENT_QUALIFYING_CONDITIONS:99490', 'NO_CONSENT']);
  });

  it('still counts "no plan activity" as cured by the month’s own care work when a plan is in force (PLAN-1)', () => {
    const billing = billingOf({ timeEntries: minutesBy(25), carePlan: { activityThisMonth: null } });
    expect(blockersOf(billing, false)).toEqual(['CARE_PLAN_MISSING']);
    expect(blockersOf(billing, true)).toEqual([]);
    expect(blockersOf({ ...billing, decision: null }, false)).toEqual([]);
  });
});
