import fc from 'fast-check';
import { decide } from './decide';
import type { BillingDecision } from './decision';
import type { PatientMonthFacts, TimeEntry, Track } from './facts';
import { DR, RN, buildFacts, rpmBlock } from './testing/facts-builder';
import { arbStart, entryBodies, pad } from './testing/arbitraries';
import { TIMED_TRACKS, type TimedTrackName } from './tracks';

const TIMED: TimedTrackName[] = Object.keys(TIMED_TRACKS) as TimedTrackName[];

/** Entries of every kind the filters know, ids assigned by position so shuffles keep them. */
const arbEntryBody = entryBodies('2026-03');
const arbEntries = fc.array(arbEntryBody, { maxLength: 16 });

const arbFacts = fc
  .record({
    track: fc.constantFrom<Track>(...TIMED),
    mdm: fc.constantFrom<'low' | 'moderate' | 'high'>('low', 'moderate', 'high'),
    consentAt: fc.constantFrom('2025-11-04T10:20', '2026-03-09T12:00'),
    entries: arbEntries,
    rpmDays: fc.integer({ min: 0, max: 30 }),
    billedVisitDay: fc.option(fc.integer({ min: 1, max: 31 }), { nil: null }),
  })
  .map(({ track, mdm, consentAt, entries, rpmDays, billedVisitDay }): PatientMonthFacts => {
    const family = TIMED_TRACKS[track as TimedTrackName].family;
    const timeEntries = entries.map((b, i): TimeEntry => ({
      id: `e${i}`,
      ...b,
      program: b.program === 'OWN' ? family : b.program,
    }));
    return buildFacts({
      trackPolicy: { preferred: track, fallback: null },
      mdmThisMonth: mdm,
      consent: { obtainedAt: consentAt, program: family },
      carePlan: { type: 'disease_specific', focusCondition: 'I50.9' },
      pcmConditionAttestation: {
        expectedDurationMonthsAtLeast: 12,
        riskOfHospitalizationOrDecline: true,
        frequentMedicationAdjustment: true,
        ongoingCoordinationNeeded: true,
      },
      rpm: rpmBlock(rpmDays),
      otherServicesThisMonth: billedVisitDay
        ? [{ code: '99214', practitionerId: DR.id, date: `2026-03-${pad(billedVisitDay)}` }]
        : [],
      timeEntries,
    });
  });

/** An entry every filter lets through for the track's own pool. */
function countableEntry(
  track: TimedTrackName,
  body: { day: number; start: string; minutes: number; byPractitioner: boolean },
): TimeEntry {
  const spec = TIMED_TRACKS[track];
  return {
    id: 'added',
    date: `2026-03-${pad(body.day)}`,
    start: body.start,
    minutes: body.minutes,
    performer: spec.practitionerOnly || body.byPractitioner ? DR : RN,
    program: spec.family,
    status: 'active',
    activity: 'care_coordination_call',
  };
}

const units = (d: BillingDecision) => new Map(d.codes.map((c) => [c.code, c.units]));
const trackOf = (f: PatientMonthFacts) => f.trackPolicy.preferred as TimedTrackName;

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('properties of decide', () => {
  it('adding countable minutes never removes a billable code on the same track (TIME-2, §7.1 monotonic)', () => {
    fc.assert(
      fc.property(
        arbFacts,
        fc.record({
          day: fc.integer({ min: 10, max: 31 }),
          start: arbStart,
          minutes: fc.integer({ min: 1, max: 120 }),
          byPractitioner: fc.boolean(),
        }),
        (facts, body) => {
          const before = units(decide(facts));
          const after = units(
            decide({ ...facts, timeEntries: [...facts.timeEntries, countableEntry(trackOf(facts), body)] }),
          );
          for (const [code, n] of before) expect(after.get(code) ?? 0).toBeGreaterThanOrEqual(n);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('voiding an entry never adds a code (TIME-16; 99470 may only stand in for a lost 99457)', () => {
    fc.assert(
      fc.property(arbFacts, fc.nat(), (facts, pick) => {
        fc.pre(facts.timeEntries.length > 0);
        const i = pick % facts.timeEntries.length;
        const voided = facts.timeEntries.map((e, k): TimeEntry => (k === i ? { ...e, status: 'voided' } : e));
        const before = units(decide(facts));
        const after = units(decide({ ...facts, timeEntries: voided }));
        for (const [code, n] of after) {
          // RPM-2: 99470 and 99457 are alternatives for the month; fewer minutes may step down from one to the other.
          if (code === '99470' && before.has('99457')) continue;
          expect(before.get(code) ?? 0).toBeGreaterThanOrEqual(n);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the decision never depends on the order of time entries (entries starting at distinct minutes)', () => {
    const distinctStarts = arbFacts.filter((f) => {
      const starts = f.timeEntries.map((e) => `${e.date}T${e.start}`);
      return new Set(starts).size === starts.length;
    });
    fc.assert(
      fc.property(distinctStarts, fc.nat(), (facts, seed) => {
        const reordered = { ...facts, timeEntries: shuffled(facts.timeEntries, seed) };
        expect(decide(reordered)).toEqual(decide(facts));
      }),
      { numRuns: 500 },
    );
  });

  it('with entries starting at the same minute, only which entry is named for an overlap follows document order (§3 step 2)', () => {
    fc.assert(
      fc.property(arbFacts, fc.nat(), (facts, seed) => {
        const a = decide(facts);
        const b = decide({ ...facts, timeEntries: shuffled(facts.timeEntries, seed) });
        const billingPart = (d: BillingDecision) => ({
          codes: d.codes,
          countedMinutes: d.countedMinutes,
          thresholdReachedOn: d.thresholdReachedOn,
          reasons: d.notBillable
            .filter((r) => r.reason !== 'OVERLAPPING_TIME_COUNTED_ONCE')
            .map((r) => `${r.reason}:${r.ref ?? ''}`)
            .sort(),
        });
        expect(billingPart(b)).toEqual(billingPart(a));
      }),
      { numRuns: 500 },
    );
  });

  it('decide is pure: same input, same output, input untouched', () => {
    fc.assert(
      fc.property(arbFacts, (facts) => {
        const copy = structuredClone(facts);
        expect(decide(facts)).toEqual(decide(copy));
        expect(facts).toEqual(copy);
      }),
      { numRuns: 100 },
    );
  });

  it('counted minutes never exceed the minutes logged in the month, and codes have units >= 1', () => {
    fc.assert(
      fc.property(arbFacts, (facts) => {
        const d = decide(facts);
        const logged = facts.timeEntries.reduce((s, e) => s + e.minutes, 0);
        for (const n of Object.values(d.countedMinutes)) expect(n).toBeLessThanOrEqual(logged);
        for (const c of d.codes) expect(c.units).toBeGreaterThanOrEqual(1);
        for (const line of d.trace) expect(line).toMatch(/^[A-Z]+(-\d+)+[,:]/);
      }),
      { numRuns: 200 },
    );
  });
});
