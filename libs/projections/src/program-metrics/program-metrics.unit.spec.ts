import { foldPatientMonths } from '../testing/fold-patient-months';
import { PRACTICE, standardStory } from '../testing/scenario';
import {
  addContribution,
  contributionOf,
  metricsFor,
  type ProgramMetricsDocument,
} from './metrics-contribution';

describe('program metrics (given patients, then counts per month)', () => {
  let document: ProgramMetricsDocument;
  beforeAll(async () => {
    const events = await (await standardStory()).events();
    document = { practiceId: PRACTICE, changes: {}, months: {} };
    for (const patientId of ['pt-1', 'pt-2', 'pt-3']) {
      const { ledger, months } = foldPatientMonths(events, PRACTICE, patientId);
      const contribution = contributionOf(
        ledger!,
        undefined,
        [...months.values()].map((m) => ({ month: m.month, summary: m.summary })),
      );
      document = addContribution(document, contribution, 1);
    }
  });

  it('counts enrolled, consented, active and billable patients, and the minutes distribution of March', () => {
    expect(metricsFor(document, '2026-03')).toEqual({
      month: '2026-03',
      enrolled: 3,
      consented: 2,
      active: 2,
      billable: 1,
      estimatedBilledCents: 0,
      minutes: { '0': 0, '1-19': 0, '20-39': 1, '40-59': 1, '60+': 0 },
      reached: {
        '20': { patients: 2, share: 1 },
        '40': { patients: 1, share: 0.5 },
        '60': { patients: 0, share: 0 },
      },
    });
  });

  it('carries enrolment and consent into months without any event, and ends consent after a withdrawal', () => {
    const june = metricsFor(document, '2026-06');
    expect([june.enrolled, june.consented, june.active, june.minutes['0']]).toEqual([3, 1, 0, 1]);
    expect(metricsFor(document, '2025-12').enrolled).toBe(0);
  });

  it('adds up the estimated revenue of billable months only, and takes it away with the month', async () => {
    const events = await (await standardStory()).events();
    const { ledger, months } = foldPatientMonths(events, PRACTICE, 'pt-1');
    const changed = [...months.values()].map((m) => ({
      month: m.month,
      summary: m.summary,
      billedCents: 6_150,
    }));
    const billable = changed.filter((m) => m.summary.status === 'billable').map((m) => m.month);
    expect(billable.length).toBeGreaterThan(0);
    const contribution = contributionOf(ledger!, undefined, changed);
    const empty = { practiceId: PRACTICE, changes: {}, months: {} };
    const added = addContribution(empty, contribution, 1);
    for (const m of changed)
      expect(metricsFor(added, m.month).estimatedBilledCents).toBe(billable.includes(m.month) ? 6_150 : 0);
    expect(addContribution(added, contribution, -1)).toEqual(empty);
  });

  it('subtracting what was added gives back the empty document', async () => {
    const events = await (await standardStory()).events();
    const { ledger, months } = foldPatientMonths(events, PRACTICE, 'pt-1');
    const contribution = contributionOf(
      ledger!,
      undefined,
      [...months.values()].map((m) => ({ month: m.month, summary: m.summary })),
    );
    const empty = { practiceId: PRACTICE, changes: {}, months: {} };
    expect(addContribution(addContribution(empty, contribution, 1), contribution, -1)).toEqual(empty);
  });
});
