import fc from 'fast-check';
import {
  TRACKS,
  type AttemptedClaimLine,
  type ConsentProgram,
  type MdmLevel,
  type OtherPractitionerClaim,
  type OtherService,
  type PatientMonthFacts,
  type Track,
} from '../facts';
import { entryBodies, previousMonthOf } from './arbitraries';
import {
  devicePeriods,
  extras,
  supersession,
  timeEntries,
  type Supersession,
} from './facts-document-entries';
import {
  CLEAN,
  MIXED,
  carePlan,
  mostly,
  weighted,
  conditions,
  type Dice,
  consent,
  initiatingVisit,
  inpatientStays,
  lastFaceToFace,
  monthDay,
  type FactsFeatures,
} from './facts-document-parts';
import { DR, OTHER_DR } from './facts-builder';

export { ALL_FEATURES, type FactsFeatures } from './facts-document-parts';

/**
 * Test support: whole facts documents (billing-facts.md §2) across every track, program and exclusion the
 * format expresses, valid for `validateFacts`. Parts a system may not record yet are left out through
 * `features`. Months span two rule sets (2025, 2026).
 */
export const GENERATED_MONTHS: readonly string[] = ['2026-03', '2026-01', '2025-10'];

const familyOf = (track: Track): ConsentProgram =>
  track.startsWith('apcm') ? 'APCM' : track.startsWith('pcm') ? 'PCM' : 'CCM';

/** Other tracks of `track`'s family (itself when it has none). */
const sameFamily = (track: Track, tracks: readonly Track[]): Track[] => {
  const others = tracks.filter((t) => t !== track && familyOf(t) === familyOf(track));
  return others.length > 0 ? others : tracks.filter((t) => t !== track);
};

function documentOf(
  month: string,
  track: Track,
  features: FactsFeatures,
  dice: Dice,
): fc.Arbitrary<PatientMonthFacts> {
  const family = familyOf(track);
  const tracks = TRACKS.filter((t) => features.pcm || !t.startsWith('pcm'));
  const f2fCodes = features.faceToFaceVisits ? ['99214', 'G0438', '99495'] : [];
  // Mostly services that exclude nothing; now and then one that bundles CCM, is APCM or is CCM itself.
  const service = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        code: fc.constantFrom('36415', '93792', '99484', '99453', 'G0506', ...f2fCodes),
        practitionerId: fc.constant(DR.id),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        code: fc.constantFrom('99214', '99495', '36415'),
        practitionerId: fc.constant(OTHER_DR.id),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        code: fc.constantFrom('G0181', 'G0182', 'G0556', '99490'),
        practitionerId: fc.constantFrom(DR.id, OTHER_DR.id),
      }),
    },
  );
  const claim = fc.record({
    practitionerId: fc.constant(OTHER_DR.id),
    code: fc.constantFrom('99490', '99487', '99424', '99454', 'G0557', '99457'),
    serviceMonth: fc.constantFrom(month, month, month, previousMonthOf(month)),
    status: fc.constantFrom('paid', 'paid', 'denied'),
  });
  const maybe = <T>(weight: number, arb: fc.Arbitrary<T>) =>
    weighted<T | undefined>([10 - weight, fc.constant(undefined)], [weight, arb]);
  return conditions(dice).chain((chronicConditions) =>
    fc
      .record({
        payer: fc.record({
          type: dice.weighted(
            [14, fc.constant('medicare_part_b')],
            [1, fc.constantFrom('medicare_advantage', 'commercial')],
          ),
          qmb: mostly(false, true, 3),
        }),
        credential: fc.constantFrom('MD', 'NP'),
        qualifyingChronicConditionCount: fc.integer({ min: 0, max: 4 }),
        isNewToBillingPractitioner: fc.boolean(),
        lastFaceToFace: lastFaceToFace(month, features),
        inpatientStays: inpatientStays(month),
        consent: consent(month, family, features, dice),
        initiatingVisit: initiatingVisit(month, features, dice),
        carePlan: carePlan(
          month,
          chronicConditions.map((c) => c.icd10 ?? ''),
          features,
          dice,
          family,
        ),
        // Mostly none or a track of the same family (the month reads one family's consent).
        fallback: weighted<Track | null>(
          [4, fc.constant(null)],
          [2, fc.constantFrom(...sameFamily(track, tracks))],
          [1, fc.constantFrom(...tracks.filter((t) => t !== track))],
        ),
        mdmThisMonth: fc.noBias(fc.constantFrom<MdmLevel | null>(null, 'low', 'moderate', 'high')),
        bodies: fc.noBias(fc.array(entryBodies(month, true), { minLength: 1, maxLength: 12 })),
        more: fc.array(extras, { minLength: 12, maxLength: 12 }),
        pairs: weighted<Supersession[]>(
          [3, fc.constant([])],
          [1, fc.array(supersession(month), { minLength: 1, maxLength: 2 })],
        ),
        services: dice.weighted<OtherService[]>(
          [3, fc.constant([])],
          [
            2,
            fc.array(
              fc.tuple(service, monthDay(month)).map(([s, date]) => ({ ...s, date })),
              { minLength: 1, maxLength: 2 },
            ),
          ],
        ),
        claims: dice.weighted<OtherPractitionerClaim[]>(
          [6, fc.constant([])],
          [1, fc.array(claim, { minLength: 1, maxLength: 2 })],
        ),
        rpm: maybe(
          5,
          fc.record({
            enrolled: dice.mostly(true, false, 5),
            consentDocumented: dice.mostly(true, false, 8),
            establishedPatient: dice.mostly(true, false, 6),
            deviceType: fc.constantFrom('blood_pressure_cuff', 'glucometer', 'weight_scale'),
            setupAndEducationBilledPreviously: features.rpmSetupBilledBefore
              ? fc.boolean()
              : fc.constant(false),
            devicePeriods: devicePeriods(month),
          }),
        ),
        rtm: features.rtm
          ? maybe(2, fc.record({ enrolled: fc.constant(true), devicePeriods: devicePeriods(month) }))
          : fc.constant(undefined),
        apcm: maybe(
          family === 'APCM' ? 9 : 2,
          fc.record({
            practitionerResponsibleForAllPrimaryCare: dice.mostly(true, false, 10),
            serviceElementsInPlace: dice.mostly(true, false, 10),
          }),
        ),
        pcmConditionAttestation: features.pcm
          ? maybe(
              family === 'PCM' ? 9 : 2,
              fc.record({
                expectedDurationMonthsAtLeast: dice.weighted(
                  [8, fc.integer({ min: 3, max: 24 })],
                  [1, fc.integer({ min: 0, max: 2 })],
                ),
                riskOfHospitalizationOrDecline: dice.mostly(true, false, 15),
                frequentMedicationAdjustment: dice.mostly(true, false, 15),
                ongoingCoordinationNeeded: dice.mostly(true, false, 15),
              }),
            )
          : fc.constant(undefined),
        behavioralHealth: features.behavioralHealth
          ? maybe(
              family === 'APCM' ? 5 : 2,
              fc.record({
                service: dice.mostly('general_BHI', 'psychiatric_CoCM', 6),
                furnishedUnderPractitioner: dice.mostly(DR.id, OTHER_DR.id, 6),
                activitiesDocumented: fc.subarray(['phq9_screening', 'care_planning', 'brief_intervention'], {
                  minLength: 0,
                }),
              }),
            )
          : fc.constant(undefined),
        attemptedClaimLines: features.attemptedClaimLines
          ? maybe(
              3,
              fc.array(
                fc.oneof(
                  fc.constantFrom<AttemptedClaimLine>('99490', '99424', 'G0557', '99491'),
                  fc.constantFrom<AttemptedClaimLine>({ code: '99426', units: 1 }, { code: '99487' }),
                ),
                { minLength: 1, maxLength: 3 },
              ),
            )
          : fc.constant(undefined),
      })
      .map((p): PatientMonthFacts => {
        const optional = Object.fromEntries(
          (
            [
              'rpm',
              'rtm',
              'apcm',
              'pcmConditionAttestation',
              'behavioralHealth',
              'attemptedClaimLines',
            ] as const
          )
            .filter((k) => p[k] !== undefined)
            .map((k) => [k, p[k]]),
        );
        return {
          serviceMonth: month,
          payer: p.payer,
          billingPractitioner: {
            id: DR.id,
            credential: p.credential,
            role: 'physician_qhp',
            specialty: 'family_medicine',
          },
          patient: {
            chronicConditions,
            qualifyingChronicConditionCount: p.qualifyingChronicConditionCount,
            isNewToBillingPractitioner: p.isNewToBillingPractitioner,
            lastFaceToFaceVisitWithBillingPractitioner: p.lastFaceToFace,
            inpatientStays: p.inpatientStays,
          },
          consent: p.consent,
          initiatingVisit: p.initiatingVisit,
          carePlan: p.carePlan,
          trackPolicy: { preferred: track, fallback: p.fallback },
          mdmThisMonth: p.mdmThisMonth,
          timeEntries: timeEntries(p.bodies, p.more, p.pairs, family),
          otherServicesThisMonth: p.services,
          otherPractitionerClaimsThisMonth: p.claims,
          ...optional,
        };
      }),
  );
}

/** A facts document for one of `months`, on any track the features allow. */
export function factsDocuments(
  features: FactsFeatures,
  months: readonly string[] = GENERATED_MONTHS,
): fc.Arbitrary<PatientMonthFacts> {
  const tracks = TRACKS.filter((t) => features.pcm || !t.startsWith('pcm'));
  // Two in five documents are clean (every gate should pass unless the minutes fall short), the rest mixed.
  return fc
    .tuple(
      fc.noBias(fc.constantFrom(...months)),
      fc.noBias(fc.constantFrom(...tracks)),
      mostly(false, true, 1),
    )
    .chain(([month, track, clean]) => documentOf(month, track, features, clean ? CLEAN : MIXED));
}
