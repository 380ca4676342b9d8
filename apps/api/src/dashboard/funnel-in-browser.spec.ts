import { appendToChain } from '@ccm/record';
import { PRACTICE_ID } from '../testing/api-harness';
import { open, seriousViolations, startDashboard, type DashboardRig } from './testing/dashboard-browser';

interface FunnelAnswer {
  readonly month: string;
  readonly cohort: {
    readonly stages: readonly {
      readonly stage: string;
      readonly count: number;
      readonly conversionFromIdentified: number | null;
    }[];
  };
  readonly activity: { readonly stages: readonly { readonly stage: string; readonly count: number }[] };
}

const percentText = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

/**
 * The Funnel page in Chromium on a small seeded clinic, with candidates (raw events of the candidate
 * contract) linked to some of its patients: the page shows the counts and rates the api answers.
 */
describe('the enrolment funnel page in headless Chromium', () => {
  let rig: DashboardRig;
  const MONTH = '2026-03';

  beforeAll(async () => {
    rig = await startDashboard({ patients: 8, otherPatients: 1 });
    const candidates: [string, string, string | null][] = [
      ['c-1', 'reached', 'pt-00001'],
      ['c-2', 'declined', null],
      ['c-3', 'no_answer', null],
    ];
    for (const [candidateId, outcome, patientId] of candidates) {
      await appendToChain(
        rig.api.store,
        `ccm.candidate.${PRACTICE_ID}.${candidateId}`,
        [
          {
            type: 'CandidateIdentified',
            data: { candidateId, practiceId: PRACTICE_ID, identifiedOn: '2026-03-02' },
          },
          {
            type: 'OutreachAttempted',
            data: {
              attemptId: 'a-1',
              attemptedAt: '2026-03-04T10:00',
              channel: 'phone',
              purpose: 'enrolment',
              outcome,
            },
          },
          ...(patientId
            ? [{ type: 'CandidateEnrolled', data: { patientId, enrolledOn: '2026-03-05' } }]
            : []),
        ],
        {
          context: {
            actor: { userId: 'spec', role: 'admin', practiceId: PRACTICE_ID },
            correlationId: 's',
            causationId: 's',
          },
          clock: rig.api.clock,
          timeZone: 'America/Chicago',
        },
      );
    }
    await rig.caughtUp();
  }, 240_000);
  afterAll(async () => {
    await rig?.close();
  });

  it("shows the month's cohort and activity as the api answers them, with conversion rates", async () => {
    const answer = await rig.apiGet<FunnelAnswer>(`/metrics/funnel?month=${MONTH}`, 'admin');
    expect(answer.cohort.stages[0].count).toBe(3);
    const page = await rig.signIn('care_manager');
    await open(page, rig.origin, `/app/funnel?month=${MONTH}`, 'funnel');
    const cohortRows = await page.$$eval('#funnel-cohort tbody tr', (rows) =>
      rows.map((row) => [
        row.getAttribute('data-stage'),
        row.querySelector('[data-figure="count"]')?.textContent,
        row.querySelector('[data-figure="conversionFromIdentified"]')?.textContent,
      ]),
    );
    expect(cohortRows).toEqual(
      answer.cohort.stages.map((s) => [s.stage, String(s.count), percentText(s.conversionFromIdentified)]),
    );
    const activityRows = await page.$$eval('#funnel-activity tbody tr', (rows) =>
      rows.map((row) => [
        row.getAttribute('data-stage'),
        row.querySelector('[data-figure="count"]')?.textContent,
      ]),
    );
    expect(activityRows).toEqual(answer.activity.stages.map((s) => [s.stage, String(s.count)]));
    expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe('Funnel');
    expect(await seriousViolations(page)).toEqual([]);
    expect(rig.pageErrors).toEqual([]);
    expect(rig.offOrigin).toEqual([]);
  });
});
