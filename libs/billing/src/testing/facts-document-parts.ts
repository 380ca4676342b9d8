import fc from 'fast-check';
import {
  REQUIRED_CONSENT_ELEMENTS,
  type CarePlan,
  type ChronicCondition,
  type Consent,
  type ConsentProgram,
  type InitiatingVisit,
  type InpatientStay,
} from '../facts';
import { arbStart, dayOf, nextMonthOf, pad, previousMonthOf } from './arbitraries';
import { DR, OTHER_DR, RN } from './facts-builder';
import type { FactsFeatures } from './facts-features';

export { ALL_FEATURES, type FactsFeatures } from './facts-features';

/** Test support: the parts of a generated facts document that need more than a record of constants. */

const year = (month: string): number => Number(month.slice(0, 4));
/** One of the arbitraries, in proportion to the weights (unbiased: the weights are the odds). */
export const weighted = <T>(...pairs: [number, fc.Arbitrary<T>][]): fc.Arbitrary<T> =>
  fc.noBias(fc.oneof(...pairs.filter(([w]) => w > 0).map(([weight, arbitrary]) => ({ weight, arbitrary }))));

/** `usual`, and `rare` once in `odds + 1`. */
export const mostly = <T>(usual: T, rare: T, odds = 10): fc.Arbitrary<T> =>
  weighted([odds, fc.constant(usual)], [1, fc.constant(rare)]);

/**
 * The choices of a document that can put its month in trouble. A `CLEAN` document takes the usual value of
 * each (the first of `weighted`); a `MIXED` one runs every risk at its odds.
 */
export interface Dice {
  weighted<T>(...pairs: [number, fc.Arbitrary<T>][]): fc.Arbitrary<T>;
  mostly<T>(usual: T, rare: T, odds?: number): fc.Arbitrary<T>;
}
export const MIXED: Dice = { weighted, mostly };
export const CLEAN: Dice = {
  weighted: <T>(...pairs: [number, fc.Arbitrary<T>][]) => pairs.find(([w]) => w > 0)![1],
  mostly: <T>(usual: T) => fc.constant(usual),
};

export const CONDITION_POOL: readonly ChronicCondition[] = [
  {
    name: 'type 2 diabetes mellitus',
    icd10: 'E11.9',
    expectedDuration: '12_months_or_more',
    significantRisk: true,
  },
  {
    name: 'essential hypertension',
    icd10: 'I10',
    expectedDuration: '12_months_or_more',
    significantRisk: true,
  },
  { name: 'heart failure', icd10: 'I50.9', expectedDuration: '12_months_or_more', significantRisk: true },
  { name: 'COPD', icd10: 'J44.9', expectedDuration: '12_months_or_more', significantRisk: true },
  {
    name: 'chronic kidney disease stage 3',
    icd10: 'N18.3',
    expectedDuration: '12_months_or_more',
    significantRisk: true,
  },
];

export const conditions = (dice: Dice): fc.Arbitrary<ChronicCondition[]> =>
  dice
    .weighted(
      [6, fc.subarray([...CONDITION_POOL], { minLength: 2, maxLength: 4 })],
      [1, fc.subarray([...CONDITION_POOL], { minLength: 0, maxLength: 1 })],
    )
    .chain((picked) =>
      fc.tuple(
        ...picked.map((c) =>
          fc
            .record({
              expectedDuration: dice.mostly<ChronicCondition['expectedDuration']>(
                '12_months_or_more',
                'under_12_months',
                12,
              ),
              significantRisk: dice.mostly(true, false, 12),
            })
            .map((flags) => ({ ...c, ...flags })),
        ),
      ),
    );

/** A practice-local date-time on `day` of `month`. */
const at = (month: string, day: number) => arbStart.map((t) => `${dayOf(month, day)}T${t}`);

export function consent(
  month: string,
  family: ConsentProgram,
  features: FactsFeatures,
  dice: Dice,
): fc.Arbitrary<Consent> {
  const before = previousMonthOf(month);
  const obtainedAt = dice.weighted(
    [4, fc.integer({ min: 1, max: 28 }).chain((d) => at(before, d))],
    [2, fc.integer({ min: 1, max: 28 }).chain((d) => at(month, d))],
    [3, fc.constant(`${year(month) - 1}-${month.slice(5)}-04T10:20`)],
    [1, at(nextMonthOf(month), 2)],
  );
  const elements = features.consentDisclosureMissing
    ? dice.weighted<string[]>(
        [15, fc.constant([...REQUIRED_CONSENT_ELEMENTS])],
        [1, fc.subarray([...REQUIRED_CONSENT_ELEMENTS], { maxLength: 3 })],
      )
    : fc.constant([...REQUIRED_CONSENT_ELEMENTS]);
  return fc
    .record({
      program: dice.weighted<ConsentProgram>(
        [15, fc.constant(family)],
        [1, fc.constantFrom('CCM', 'PCM', 'APCM')],
      ),
      status: dice.weighted<Consent['status']>(
        [12, fc.constant('active')],
        [2, fc.constant('revoked')],
        [1, fc.constant('none')],
      ),
      obtainedAt,
      method: fc.noBias(
        fc.constantFrom<NonNullable<Consent['method']>>('verbal', 'verbal_by_phone', 'written'),
      ),
      accepted: dice.mostly(true, false, 15),
      elementsExplained: elements,
      billingPractitionerId: dice.weighted<string | null>(
        [15, fc.constant(DR.id)],
        [1, fc.constant(OTHER_DR.id)],
        [1, fc.constant(null)],
      ),
      revoke: fc.record({
        beforeMonth: dice.mostly(false, true, 3),
        day: fc.integer({ min: 1, max: 28 }),
        time: arbStart,
      }),
      history: weighted([3, fc.constant(0)], [1, fc.integer({ min: 1, max: 2 })]),
    })
    .map(({ revoke, history, accepted, elementsExplained, ...c }): Consent => {
      const inMonth = `${dayOf(month, revoke.day)}T${revoke.time}`;
      const earlier = `${dayOf(previousMonthOf(before), 10)}T09:00`;
      const candidate = revoke.beforeMonth && c.obtainedAt < earlier ? earlier : inMonth;
      const revokedAt = c.status === 'revoked' ? (candidate < c.obtainedAt ? c.obtainedAt : candidate) : null;
      const episodes = [3, 2].slice(0, history).map((back) => ({
        obtainedAt: `${year(month) - back}-02-01T10:00`,
        revokedAt: `${year(month) - back}-08-01T10:00`,
      }));
      return {
        ...c,
        documentedInRecord: true,
        accepted,
        elementsExplained: accepted ? [...elementsExplained] : REQUIRED_CONSENT_ELEMENTS.slice(0, 2),
        revokedAt,
        ...(episodes.length > 0 ? { history: episodes } : {}),
      };
    });
}

export function initiatingVisit(
  month: string,
  features: FactsFeatures,
  dice: Dice,
): fc.Arbitrary<InitiatingVisit> {
  const before = previousMonthOf(month);
  const performer = dice.weighted<string>(
    [12, fc.constant(DR.id)],
    [1, fc.constant(OTHER_DR.id)],
    [features.visitByOthers ? 1 : 0, fc.constant(RN.id)],
  );
  const completed = fc
    .record({
      date: weighted(
        [2, fc.integer({ min: 1, max: 28 }).map((d) => dayOf(month, d))],
        [2, fc.integer({ min: 1, max: 28 }).map((d) => dayOf(before, d))],
        [1, fc.constant(`${year(month) - 2}-06-10`)],
      ),
      code: dice.weighted(
        [8, fc.constantFrom('99214', '99204', 'G0438', '99213')],
        [1, fc.constantFrom('G0402', '99495', '99211')],
      ),
      performer,
      ccmDiscussedAndDocumented: dice.mostly(true, false, 10),
      extensiveAssessmentAndCarePlanningByPractitioner: mostly(false, true, 2),
      g0506: features.g0506BilledBefore ? dice.mostly(false, true, 4) : fc.constant(false),
      required: fc.boolean(),
    })
    .map(({ performer: who, g0506, ...v }): InitiatingVisit => ({
      ...v,
      status: 'completed',
      reason: 'generated',
      ...(who === DR.id ? { billingPractitionerId: who } : { performedBy: who }),
      g0506PreviouslyBilled: g0506,
      ...(g0506 ? { g0506PreviousDate: `${year(month) - 1}-05-02` } : {}),
    }));
  return dice.weighted<InitiatingVisit>(
    [8, completed],
    [2, fc.record({ required: fc.boolean() })],
    [1, fc.constant({ status: 'not_done', required: true })],
  );
}

export function lastFaceToFace(month: string, features: FactsFeatures): fc.Arbitrary<string | null> {
  if (!features.faceToFaceVisits) return fc.constant(null);
  const y = year(month);
  return weighted<string | null>(
    [3, fc.constant(null)],
    [3, fc.constant(dayOf(previousMonthOf(previousMonthOf(month)), 12))],
    [1, fc.constantFrom(`${y - 2}-${month.slice(5)}-03`, `${y - 4}-${month.slice(5)}-03`, dayOf(month, 5))],
  );
}

export function inpatientStays(month: string): fc.Arbitrary<InpatientStay[]> {
  const stay = fc
    .record({
      type: mostly('acute_hospital_inpatient', 'skilled_nursing_facility', 2),
      admitDay: fc.integer({ min: -5, max: 28 }),
      length: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
    })
    .map(({ type, admitDay, length }) => {
      const admit = admitDay <= 0 ? dayOf(previousMonthOf(month), 28 + admitDay) : dayOf(month, admitDay);
      const discharge = length === null ? null : dayOf(admit.slice(0, 7), Number(admit.slice(8)) + length);
      return { type, admit, discharge };
    });
  return weighted([4, fc.constant([])], [1, fc.array(stay, { minLength: 1, maxLength: 2 })]);
}

export function carePlan(
  month: string,
  focusPool: readonly string[],
  features: FactsFeatures,
  dice: Dice,
  family: ConsentProgram,
): fc.Arbitrary<CarePlan> {
  const activities: (CarePlan['activityThisMonth'] | null)[] = [null, 'revised', 'established'];
  if (features.carePlanReviews) activities.push('monitored', 'implemented');
  return fc
    .record({
      status: dice.weighted<CarePlan['status']>(
        [12, fc.constant('in_force')],
        [1, fc.constant('none')],
        [features.draftCarePlans ? 1 : 0, fc.constant('draft')],
      ),
      establishedAt: weighted(
        [3, fc.integer({ min: 1, max: 28 }).map((d) => dayOf(previousMonthOf(month), d))],
        [2, fc.integer({ min: 1, max: 28 }).map((d) => dayOf(month, d))],
      ),
      signer: dice.mostly(DR.id, OTHER_DR.id, 6),
      electronic: features.carePlanNotElectronic ? dice.mostly(true, false, 12) : fc.constant(true),
      copyGivenToPatient: dice.mostly(true, false, 12),
      activityThisMonth: weighted<CarePlan['activityThisMonth'] | null>(
        [4, fc.constant(null)],
        [1, fc.constantFrom(...activities)],
      ),
      // PCM needs a disease-specific plan (PCM-3); CCM and APCM have either.
      diseaseSpecific: family === 'PCM' ? dice.mostly(true, false, 6) : fc.boolean(),
      focus: mostly(focusPool[0] ?? 'I50.9', 'I50.9', 8),
      substantiallyRevisedThisMonth: fc.boolean(),
    })
    .map(({ signer, diseaseSpecific, focus, ...p }): CarePlan => {
      if (p.status === 'none') return { status: 'none' };
      return {
        ...p,
        establishedOrSignedBy: p.status === 'draft' ? null : signer,
        draftedBy: signer,
        type: diseaseSpecific ? 'disease_specific' : 'comprehensive',
        focusCondition: diseaseSpecific ? focus : null,
      };
    });
}

export const monthDay = (month: string) => fc.integer({ min: 1, max: 28 }).map((d) => `${month}-${pad(d)}`);
