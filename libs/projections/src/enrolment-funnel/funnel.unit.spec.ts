import fc from 'fast-check';
import { FUNNEL_STAGES } from './funnel-figures';
import type { OutreachOutcome } from './candidate-events';
import type { CandidateFunnelRecord, PatientFunnelRecord } from './funnel-record';
import { funnelFor, median } from './funnel';
import type { FunnelInput } from './journeys';

const candidate = (
  candidateId: string,
  identifiedOn: string,
  attempts: Record<string, readonly [string, OutreachOutcome]> = {},
  patientId: string | null = null,
): CandidateFunnelRecord => ({ candidateId, revision: 1, identifiedOn, attempts, patientId });

const patient = (
  patientId: string,
  enrolledOn: string,
  consents: Record<string, readonly [string, string | null]> = {},
): PatientFunnelRecord => ({ patientId, revision: 1, enrolledOn, consents });

const input = (parts: Partial<FunnelInput>): FunnelInput => ({
  candidates: [],
  patients: [],
  firstBillableMonths: {},
  ...parts,
});

const counts = (stages: readonly { count: number }[]) => stages.map((s) => s.count);

describe('the enrolment funnel of a month', () => {
  // Given: three candidates identified in March, one in February, and a patient enrolled without outreach.
  const practice = input({
    candidates: [
      candidate(
        'c-1',
        '2026-03-02',
        {
          a: ['2026-03-03T10:00', 'no_answer'],
          b: ['2026-03-05T10:00', 'left_message'],
          c: ['2026-03-09T11:00', 'reached'],
        },
        'pt-1',
      ),
      candidate('c-2', '2026-03-04', { a: ['2026-03-06T10:00', 'declined'] }),
      candidate('c-3', '2026-03-20', { a: ['2026-03-21T10:00', 'wrong_number'] }),
      candidate('c-4', '2026-02-10', { a: ['2026-03-01T09:00', 'reached'] }, 'pt-4'),
    ],
    patients: [
      // Enrolled before the consent: the funnel's enrolled stage is the later date, the consent's.
      patient('pt-1', '2026-03-10', { k: ['2026-03-12T09:00', null] }),
      patient('pt-4', '2026-03-02', { k: ['2026-03-02T09:00', '2026-04-15T10:00'] }),
      patient('pt-9', '2026-03-15', { k: ['2026-03-16T09:00', null] }),
    ],
    firstBillableMonths: { 'pt-1': '2026-03', 'pt-4': '2026-03', 'pt-9': '2026-04' },
  });

  it('counts the cohort identified in the month by how far each candidate has come by now', () => {
    const { cohort } = funnelFor(practice, '2026-03');
    expect(counts(cohort.stages)).toEqual([3, 2, 1, 1, 1]);
    expect(cohort.stages.map((s) => s.conversionFromPrevious)).toEqual([null, 0.6667, 0.5, 1, 1]);
    expect(cohort.stages[4].conversionFromIdentified).toBe(0.3333);
    // c-1: identified 2 March, reached 9th (7 days), consented 12th (3), enrolled 12th (0), billable 31st (19).
    // c-2: reached (declined) 6 March, 2 days after being identified.
    expect(cohort.stages.map((s) => s.medianDaysFromPrevious)).toEqual([null, 4.5, 3, 0, 19]);
    expect(cohort).toMatchObject({
      declined: 1,
      withdrawn: 0,
      reachedWithoutOutreach: 0,
      attemptsToReach: { attempts: 4, reached: 2, perReached: 2 },
      enteredWithoutOutreach: { entered: 1, consented: 1, enrolled: 1, firstBillableMonth: 1, withdrawn: 0 },
    });
  });

  it('counts what happened in the month to anyone, the patients without outreach said apart', () => {
    const { activity } = funnelFor(practice, '2026-03');
    // identified: c-1..c-3; reached: c-1, c-2, c-4; consented and enrolled: pt-1, pt-4, pt-9; billable: pt-1, pt-4.
    expect(counts(activity.stages)).toEqual([3, 3, 3, 3, 2]);
    expect(activity).toMatchObject({
      outreachAttempts: 6,
      declined: 1,
      withdrawn: 0,
      enteredWithoutOutreach: { consented: 1, enrolled: 1, firstBillableMonth: 0 },
    });
    expect(funnelFor(practice, '2026-04').activity).toMatchObject({
      withdrawn: 1,
      enteredWithoutOutreach: { firstBillableMonth: 1 },
    });
  });

  it('shows a withdrawal apart, leaving the stages reached before it counted', () => {
    const { cohort } = funnelFor(practice, '2026-02');
    expect(counts(cohort.stages)).toEqual([1, 1, 1, 1, 1]);
    expect(cohort.withdrawn).toBe(1);
  });

  it('takes a consent without a reaching attempt as reached, and never dates a stage before the one before it', () => {
    const { cohort } = funnelFor(
      input({
        candidates: [candidate('c-1', '2026-05-20', {}, 'pt-1')],
        // Reached and enrolled at the clinic before the panel import identified them.
        patients: [patient('pt-1', '2026-05-01', { k: ['2026-05-02T09:00', null] })],
      }),
      '2026-05',
    );
    expect(counts(cohort.stages)).toEqual([1, 1, 1, 1, 0]);
    expect(cohort.reachedWithoutOutreach).toBe(1);
    expect(cohort.stages.map((s) => s.medianDaysFromPrevious)).toEqual([null, 0, 0, 0, null]);
  });

  it('counts a patient linked from two candidates once, with the candidate identified first', () => {
    const twice = input({
      candidates: [candidate('c-b', '2026-05-03', {}, 'pt-1'), candidate('c-a', '2026-05-01', {}, 'pt-1')],
      patients: [patient('pt-1', '2026-05-10', { k: ['2026-05-10T09:00', null] })],
    });
    const month = funnelFor(twice, '2026-05');
    expect(counts(month.cohort.stages)).toEqual([2, 1, 1, 1, 0]);
    expect(counts(month.activity.stages)).toEqual([2, 1, 1, 1, 0]);
    expect(month.cohort.enteredWithoutOutreach.entered).toBe(0);
  });

  it('answers an empty month with zeros and no ratios', () => {
    const { cohort, activity } = funnelFor(input({}), '2026-05');
    expect(counts(cohort.stages)).toEqual([0, 0, 0, 0, 0]);
    expect(
      cohort.stages.every((s) => s.conversionFromIdentified === null && s.medianDaysFromPrevious === null),
    ).toBe(true);
    expect(cohort.attemptsToReach.perReached).toBeNull();
    expect(counts(activity.stages)).toEqual([0, 0, 0, 0, 0]);
  });

  it('takes the median of an even count as the mean of the two middle values', () => {
    expect([median([]), median([5]), median([9, 1, 4]), median([1, 2, 10, 4])]).toEqual([null, 5, 4, 3]);
  });
});

describe('the cohort, for any records', () => {
  const day = fc
    .integer({ min: 1, max: 28 })
    .map((d) => `2026-0${d % 3 === 0 ? 4 : 3}-${String(d).padStart(2, '0')}`);
  const time = fc
    .tuple(day, fc.integer({ min: 0, max: 23 }))
    .map(([d, h]) => `${d}T${String(h).padStart(2, '0')}:00`);
  const outcome = fc.constantFrom<OutreachOutcome>(
    'reached',
    'no_answer',
    'left_message',
    'wrong_number',
    'declined',
  );
  const patientId = fc.constantFrom('pt-1', 'pt-2', 'pt-3', 'pt-4', 'pt-5');
  const records = fc.record({
    candidates: fc.uniqueArray(
      fc.record({
        candidateId: fc.stringMatching(/^c-[a-z]{1,3}$/),
        revision: fc.constant(1),
        identifiedOn: day,
        attempts: fc.dictionary(fc.stringMatching(/^[a-z]{1,2}$/), fc.tuple(time, outcome)),
        patientId: fc.option(patientId, { nil: null }),
      }),
      { selector: (c) => c.candidateId, maxLength: 12 },
    ),
    patients: fc.uniqueArray(
      fc.record({
        patientId,
        revision: fc.constant(1),
        enrolledOn: day,
        consents: fc.dictionary(
          fc.stringMatching(/^k[0-9]$/),
          fc.tuple(time, fc.option(time, { nil: null })),
        ),
      }),
      { selector: (p) => p.patientId },
    ),
    firstBillableMonths: fc.dictionary(patientId, fc.constantFrom('2026-03', '2026-04')),
  });

  it('never has more at a stage than at the one before, and has as many as a plain count of the records', () => {
    fc.assert(
      fc.property(records, fc.constantFrom('2026-03', '2026-04'), (given, month) => {
        const { cohort } = funnelFor(given, month);
        const stageCounts = counts(cohort.stages);
        for (let i = 1; i < stageCounts.length; i++)
          expect(stageCounts[i]).toBeLessThanOrEqual(stageCounts[i - 1]);

        // The same counts worked out plainly: the patient goes with the first-identified candidate linking it;
        // a candidate is at a stage when it has that stage or any later one.
        const byIdentification = [...given.candidates].sort((a, b) =>
          a.identifiedOn === b.identifiedOn
            ? a.candidateId < b.candidateId
              ? -1
              : 1
            : a.identifiedOn < b.identifiedOn
              ? -1
              : 1,
        );
        const owner = new Map<string, string>();
        for (const c of byIdentification)
          if (c.patientId && !owner.has(c.patientId)) owner.set(c.patientId, c.candidateId);
        const reachedFrom = (n: number) =>
          given.candidates.filter((c) => {
            const p = given.patients.find(
              (x) => x.patientId === c.patientId && owner.get(x.patientId) === c.candidateId,
            );
            const consented = !!p && Object.values(p.consents).some(([at, off]) => off === null || off > at);
            const billable = consented && !!p && given.firstBillableMonths[p.patientId] !== undefined;
            const reached = Object.values(c.attempts).some(([, o]) => o === 'reached' || o === 'declined');
            const levels = [true, reached, consented, consented, billable];
            return c.identifiedOn.startsWith(month) && levels.slice(n).some(Boolean);
          }).length;
        expect(stageCounts).toEqual(FUNNEL_STAGES.map((_, n) => reachedFrom(n)));
      }),
      { numRuns: 300 },
    );
  });
});
