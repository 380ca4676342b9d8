import fc from 'fast-check';
import type {
  CandidateCondition,
  CandidateCoverage,
  CandidateEncounter,
  IdentifiedCandidate,
} from '@ccm/domain';
import { CCW_CHRONIC_CONDITIONS } from './ccw-chronic-conditions';
import { findEligible, monthsBefore } from './eligibility';

const PRACTICE_NPI = '1234567893';
const practice = { billingPractitioners: [{ npi: PRACTICE_NPI }, { npi: '1245319599' }] };

const candidate = (
  candidateId: string,
  conditions: readonly CandidateCondition[],
  coverages: readonly CandidateCoverage[],
  encounters: readonly CandidateEncounter[],
): IdentifiedCandidate => ({
  status: 'identified',
  version: 0,
  candidateId,
  practiceId: 'riverside',
  identifiedOn: '2026-01-01',
  profileOn: '2026-01-01',
  updates: 0,
  outreach: [],
  source: 'csv',
  name: { given: ['Ann'], family: 'Example' },
  dateOfBirth: '1950-01-01',
  sex: 'female',
  conditions,
  coverages,
  encounters,
});

describe('eligibility finder', () => {
  const partB: CandidateCoverage = { kind: 'medicare_part_b', start: '2015-01-01' };
  const visit: CandidateEncounter = { date: '2026-01-15', practitionerNpi: PRACTICE_NPI };

  it('finds a candidate with two CCW conditions, Part B on the date and a recent visit eligible, saying why', () => {
    const [found] = findEligible(
      [candidate('c-1', [{ icd10: 'E11.9' }, { icd10: 'I10' }], [partB], [visit])],
      practice,
      '2026-03-31',
    );
    expect(found).toMatchObject({
      candidateId: 'c-1',
      eligible: true,
      chronicConditions: ['Diabetes', 'Hypertension'],
    });
    expect(found.reasons.map((r) => [r.criterion, r.met])).toEqual([
      ['chronic_conditions', true],
      ['medicare_part_b', true],
      ['recent_visit', true],
    ]);
  });

  it('counts two diagnoses of one category as one condition, and one diagnosis as one whatever its categories', () => {
    const sameCategory = candidate('c-2', [{ icd10: 'E11.9' }, { icd10: 'E11.65' }], [partB], [visit]);
    const oneCode = candidate('c-3', [{ icd10: 'I13.0' }], [partB], [visit]);
    const diagnosedLater = candidate(
      'c-4',
      [{ icd10: 'E11.9' }, { icd10: 'I10', onsetDate: '2026-04-01' }],
      [partB],
      [visit],
    );
    const found = findEligible([sameCategory, oneCode, diagnosedLater], practice, '2026-03-31');
    expect(found.map((c) => c.eligible)).toEqual([false, false, false]);
  });

  it('wants Part B active on the date and a visit with the practice’s own practitioners in the 12 months', () => {
    const conditions = [{ icd10: 'E11.9' }, { icd10: 'J44.9' }];
    const ended = candidate('c-5', conditions, [{ kind: 'medicare_part_b', end: '2026-03-30' }], [visit]);
    const advantage = candidate('c-6', conditions, [{ kind: 'medicare_advantage' }], [visit]);
    const elsewhere = candidate(
      'c-7',
      conditions,
      [partB],
      [{ date: '2026-01-15', practitionerNpi: '1679576722' }],
    );
    const longAgo = candidate(
      'c-8',
      conditions,
      [partB],
      [{ date: '2025-03-30', practitionerNpi: PRACTICE_NPI }],
    );
    const justInTime = candidate(
      'c-9',
      conditions,
      [partB],
      [{ date: '2025-03-31', practitionerNpi: PRACTICE_NPI }],
    );
    const found = findEligible([ended, advantage, elsewhere, longAgo, justInTime], practice, '2026-03-31');
    expect(found.map((c) => [c.candidateId, c.eligible])).toEqual([
      ['c-5', false],
      ['c-6', false],
      ['c-7', false],
      ['c-8', false],
      ['c-9', true],
    ]);
  });

  it('takes the same day a year before, or the month’s last day when that day does not exist', () => {
    expect(monthsBefore('2024-02-29', 12)).toBe('2023-02-28');
    expect(monthsBefore('2026-03-31', 12)).toBe('2025-03-31');
    expect(monthsBefore('2026-01-15', 13)).toBe('2024-12-15');
  });

  it('reports a candidate linked to a patient as enrolled', () => {
    const linked = {
      ...candidate('c-10', [], [], []),
      enrolment: { patientId: 'pt-1', enrolledOn: '2026-03-01' },
    };
    expect(findEligible([linked], practice, '2026-03-31')[0]).toMatchObject({
      eligible: false,
      enrolled: { patientId: 'pt-1', enrolledOn: '2026-03-01' },
    });
  });

  describe('on generated panels', () => {
    const chronicCodes = CCW_CHRONIC_CONDITIONS.flatMap((c) => c.icd10Prefixes).map((p) =>
      p.length > 3 ? `${p.slice(0, 3)}.${p.slice(3)}` : `${p}.9`,
    );
    const code = fc.oneof(
      { arbitrary: fc.constantFrom(...chronicCodes), weight: 4 },
      { arbitrary: fc.constantFrom('Z00.00', 'R51.9', 'K21.9', 'M54.5'), weight: 1 },
    );
    const day = fc
      .record({
        year: fc.integer({ min: 2024, max: 2026 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 28 }),
      })
      .map(
        ({ year, month, day: d }) =>
          `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      );
    const condition = fc.record(
      { icd10: code, onsetDate: fc.option(day, { nil: undefined }) },
      { requiredKeys: ['icd10'] },
    );
    const coverage = fc.record(
      {
        kind: fc.constantFrom('medicare_part_b', 'medicare_part_b', 'medicare_advantage', 'other'),
        start: day,
        end: day,
      },
      { requiredKeys: ['kind'] },
    );
    const encounter = fc.record(
      { date: day, practitionerNpi: fc.constantFrom(PRACTICE_NPI, '1245319599', '1679576722') },
      { requiredKeys: ['date'] },
    );
    const panel = fc
      .array(
        fc.tuple(
          fc.array(condition, { minLength: 1, maxLength: 4 }),
          fc.array(coverage, { minLength: 1, maxLength: 2 }),
          fc.array(encounter, { minLength: 1, maxLength: 3 }),
        ),
        { maxLength: 25 },
      )
      .map((people) =>
        people.map(([c, v, e], i) =>
          candidate(`c-${String(i).padStart(3, '0')}`, c, v as CandidateCoverage[], e),
        ),
      );

    /** The same criteria counted another way: timestamps, a prefix lookup and a search for two different conditions. */
    function countEligible(people: readonly IdentifiedCandidate[], asOf: string): number {
      const at = Date.parse(asOf);
      const yearBefore = new Date(at);
      yearBefore.setUTCFullYear(yearBefore.getUTCFullYear() - 1);
      const categoryByPrefix = new Map<string, Set<string>>();
      for (const category of CCW_CHRONIC_CONDITIONS)
        for (const prefix of category.icd10Prefixes)
          categoryByPrefix.set(prefix, new Set([...(categoryByPrefix.get(prefix) ?? []), category.id]));
      const categoriesOf = (icd10: string): Set<string> => {
        const plain = icd10.split('.').join('');
        const found = new Set<string>();
        for (let length = 3; length <= plain.length; length++)
          for (const id of categoryByPrefix.get(plain.slice(0, length)) ?? []) found.add(id);
        return found;
      };
      let count = 0;
      for (const person of people) {
        const codes = [
          ...new Set(
            person.conditions
              .filter((c) => !c.onsetDate || Date.parse(c.onsetDate) <= at)
              .map((c) => c.icd10),
          ),
        ];
        let twoConditions = false;
        for (const a of codes)
          for (const b of codes)
            if (a !== b)
              for (const x of categoriesOf(a))
                for (const y of categoriesOf(b)) if (x !== y) twoConditions = true;
        const covered = person.coverages.some(
          (c) =>
            c.kind === 'medicare_part_b' &&
            (!c.start || Date.parse(c.start) <= at) &&
            (!c.end || Date.parse(c.end) >= at),
        );
        const seen = person.encounters.some(
          (e) =>
            (e.practitionerNpi === PRACTICE_NPI || e.practitionerNpi === '1245319599') &&
            Date.parse(e.date) >= yearBefore.getTime() &&
            Date.parse(e.date) <= at,
        );
        if (twoConditions && covered && seen) count++;
      }
      return count;
    }

    it('finds as many eligible as an independent count of the criteria', () => {
      let panelsWithEligible = 0;
      fc.assert(
        fc.property(panel, day, (people, asOf) => {
          const found = findEligible(people, practice, asOf);
          const expected = countEligible(people, asOf);
          expect(found).toHaveLength(people.length);
          expect(found.filter((c) => c.eligible).length).toBe(expected);
          if (expected > 0) panelsWithEligible++;
        }),
        { numRuns: 300 },
      );
      // The generator must make eligible people too, or the property would only ever compare zeros.
      expect(panelsWithEligible).toBeGreaterThan(10);
    });
  });
});
