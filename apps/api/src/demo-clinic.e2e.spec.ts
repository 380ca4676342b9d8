/**
 * The demo clinic a first `npm start` records on an empty store, through the api's own records: the
 * claim file, the enrolment funnel and the eligibility finder answer with figures, and a second start
 * records nothing more.
 */
import { practiceStreamId } from '@ccm/domain';
import { systemClock } from '@ccm/record';
import type { AppConfig } from '@ccm/runtime';
import { clinicMonths, defaultLastDay } from '@ccm/synthetic-clinic';
import { DEMO_PRACTICE_ID, seedDemoClinicIfEmpty } from './demo-clinic';
import { startReadApi, type ReadApiHarness } from './read-models/testing/read-api-harness';

/** A small clinic: what is checked is that every part answers, not its size. */
const ENV = { CCM_DEMO_PATIENTS: '20' };

describe('the demo clinic', () => {
  let api: ReadApiHarness;
  let config: AppConfig;
  const lastDay = defaultLastDay(systemClock);
  const get = (path: string, role: 'biller' | 'admin' | 'auditor') =>
    api.get(path, role, DEMO_PRACTICE_ID).set('X-Purpose-Of-Use', 'payment');

  beforeAll(async () => {
    // The demo is recorded as of today (its last day is yesterday), so the api's clock is today too.
    api = await startReadApi({ readModels: 'sqlite', now: new Date().toISOString() });
    config = {
      port: 0,
      dataDir: api.dataDir,
      eventStore: { kind: 'sqlite', filename: `${api.dataDir}/events.sqlite`, synchronous: 'FULL' },
      jwtSecret: 'unused',
      isDevelopmentSecret: false,
      production: false,
    };
    await seedDemoClinicIfEmpty(api.app, config, ENV);
    await api.caughtUp();
  }, 180_000);
  afterAll(() => api?.close());

  it('answers an 837P of a seeded month with every billable month ready', async () => {
    const month = clinicMonths(lastDay, 6)[4];
    const res = await get(`/billing/months/${month}/claims?format=837p`, 'biller').expect(200);
    expect(res.headers['x-ccm-claims-not-ready']).toBe('0');
    expect(res.text).toContain('CLM*');
  });

  it('shows candidates, eligible or not, and the funnel of the last months', async () => {
    const eligibility = await get(`/candidates/eligibility?asOf=${lastDay}&limit=1000`, 'admin').expect(200);
    const items = eligibility.body.items as { eligible: boolean; enrolled?: unknown }[];
    expect(items.some((c) => c.eligible)).toBe(true);
    expect(items.some((c) => !c.eligible)).toBe(true);
    expect(items.some((c) => c.enrolled)).toBe(true);
    const funnel = await get(`/metrics/funnel?month=${lastDay.slice(0, 7)}&months=9`, 'auditor').expect(200);
    const months = funnel.body.months as { cohort: { stages: { stage: string; count: number }[] } }[];
    const identified = months.reduce(
      (n, m) => n + (m.cohort.stages.find((s) => s.stage === 'identified')?.count ?? 0),
      0,
    );
    expect(identified).toBe(items.length);
  });

  it('is recorded once: a second start leaves the store as it is', async () => {
    const last = async () =>
      (
        await api.store.readStream(practiceStreamId(DEMO_PRACTICE_ID), {
          maxCount: 1,
          direction: 'backwards',
        })
      )[0]?.revision;
    const before = await last();
    await seedDemoClinicIfEmpty(api.app, config, ENV);
    expect(await last()).toBe(before);
  });
});
