import { FUNNEL_STAGES, type CohortStage, type FunnelMonth, type FunnelStage } from './funnel-figures';
import { journeysOf, type FunnelInput, type Journey } from './journeys';

const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;

const dayNumber = (date: string): number =>
  Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 86_400_000;

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const inMonth = (date: string | null, month: string): boolean =>
  date !== null && date.startsWith(`${month}-`);

function cohortStages(cohort: readonly Journey[]): CohortStage[] {
  const counts = FUNNEL_STAGES.map((stage) => cohort.filter((j) => j.stages[stage] !== null).length);
  return FUNNEL_STAGES.map((stage, i) => {
    const previous: FunnelStage | undefined = FUNNEL_STAGES[i - 1];
    const days = previous
      ? cohort.flatMap((j) => {
          const from = j.stages[previous];
          const to = j.stages[stage];
          return from !== null && to !== null ? [dayNumber(to) - dayNumber(from)] : [];
        })
      : [];
    return {
      stage,
      count: counts[i],
      conversionFromPrevious: i === 0 ? null : ratio(counts[i], counts[i - 1]),
      conversionFromIdentified: ratio(counts[i], counts[0]),
      medianDaysFromPrevious: previous ? median(days) : null,
    };
  });
}

/** The funnel of one month over journeys already worked out (see journeysOf). */
export function funnelOfJourneys(journeys: readonly Journey[], month: string): FunnelMonth {
  const outreach = journeys.filter((j) => j.from === 'outreach');
  const withoutOutreach = journeys.filter((j) => j.from === 'withoutOutreach');
  const cohort = outreach.filter((j) => inMonth(j.enteredOn, month));
  const reachedByAttempt = cohort.filter((j) => j.attemptsToReach > 0);
  const entered = withoutOutreach.filter((j) => inMonth(j.enteredOn, month));
  const reachedStage = (group: readonly Journey[], stage: FunnelStage) =>
    group.filter((j) => j.stages[stage] !== null).length;
  const duringMonth = (group: readonly Journey[], stage: FunnelStage) =>
    group.filter((j) => inMonth(j.stages[stage], month)).length;
  const attempts = reachedByAttempt.reduce((sum, j) => sum + j.attemptsToReach, 0);
  return {
    month,
    cohort: {
      stages: cohortStages(cohort),
      declined: cohort.filter((j) => j.declinedOn !== null).length,
      withdrawn: cohort.filter((j) => j.withdrawnOn !== null).length,
      reachedWithoutOutreach: cohort.filter((j) => j.reachedWithoutOutreach).length,
      attemptsToReach: {
        attempts,
        reached: reachedByAttempt.length,
        perReached: ratio(attempts, reachedByAttempt.length),
      },
      enteredWithoutOutreach: {
        entered: entered.length,
        consented: reachedStage(entered, 'consented'),
        enrolled: reachedStage(entered, 'enrolled'),
        firstBillableMonth: reachedStage(entered, 'firstBillableMonth'),
        withdrawn: entered.filter((j) => j.withdrawnOn !== null).length,
      },
    },
    activity: {
      stages: FUNNEL_STAGES.map((stage) => ({ stage, count: duringMonth(journeys, stage) })),
      outreachAttempts: outreach.reduce(
        (sum, j) => sum + j.attemptDays.filter((d) => inMonth(d, month)).length,
        0,
      ),
      declined: journeys.filter((j) => inMonth(j.declinedOn, month)).length,
      withdrawn: journeys.filter((j) => inMonth(j.withdrawnOn, month)).length,
      enteredWithoutOutreach: {
        consented: duringMonth(withoutOutreach, 'consented'),
        enrolled: duringMonth(withoutOutreach, 'enrolled'),
        firstBillableMonth: duringMonth(withoutOutreach, 'firstBillableMonth'),
      },
    },
  };
}

/** Pure: the funnel of each month asked, from the practice's records, the journeys worked out once. */
export function funnelTrendFor(input: FunnelInput, months: readonly string[]): FunnelMonth[] {
  const journeys = journeysOf(input);
  return months.map((month) => funnelOfJourneys(journeys, month));
}

/** Pure: one month's funnel. */
export const funnelFor = (input: FunnelInput, month: string): FunnelMonth =>
  funnelTrendFor(input, [month])[0];
