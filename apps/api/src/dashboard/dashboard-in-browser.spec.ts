import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OTHER_PRACTICE_ID } from '../testing/api-harness';
import {
  ARTIFACTS,
  CLINIC_PATIENTS,
  open,
  PAST_MONTH,
  seriousViolations,
  startDashboard,
  type DashboardRig,
} from './testing/dashboard-browser';
import * as outcomes from './testing/outcome-figures';
import {
  figure,
  billedCentsOf,
  money,
  notBillableOf,
  rowKeys,
  shownMedications,
  type BillingAnswer,
  type ProgramAnswer,
  type TeamMonth,
  type WorklistAnswer,
} from './testing/page-answers';

/**
 * The dashboard in Chromium on a seeded clinic of 40 patients with their care outcomes (observations,
 * stays, visits, surveys), and a second practice of 5.
 */
describe('dashboard in headless Chromium', () => {
  let rig: DashboardRig;

  beforeAll(async () => {
    rig = await startDashboard({ careOutcomes: true });
  }, 240_000);
  afterAll(async () => {
    await rig?.close();
  });

  it('signs in from a pasted token, or from a link whose token leaves the address at once', async () => {
    const page = await rig.signIn('care_manager');
    expect(await page.textContent('#who')).toContain('rn-lopez');
    await page.goto(`${rig.origin}/app/overview#token=${rig.api.token('auditor')}`);
    await page.waitForSelector('body[data-ready="overview"]');
    expect(page.url()).toBe(`${rig.origin}/app/overview`);
    expect(await page.textContent('#who')).toContain('auditor');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForSelector('body[data-ready="sign-in"]');
    await page.context().close();
  }, 120_000);

  it('lists the worklist in the api order, with its numbers, sortable and filterable', async () => {
    const answer = await rig.apiGet<WorklistAnswer>('/worklist?limit=1000', 'care_manager');
    expect(answer.items.length).toBeGreaterThan(3);
    const page = await rig.signIn('care_manager');
    expect(await rowKeys(page)).toEqual(answer.items.map((e) => e.patientId));
    const missing = await page.$$eval('tbody tr', (rows) =>
      rows.map((r) => Number(r.children[3].textContent)),
    );
    expect(missing).toEqual(answer.items.map((e) => e.minutesMissing));
    const sortByMissing = page.getByRole('button', { name: 'Minutes missing' });
    await sortByMissing.click();
    await sortByMissing.click();
    const descending = await page.$$eval('tbody tr', (rows) =>
      rows.map((r) => Number(r.children[3].textContent)),
    );
    expect(descending).toEqual([...missing].sort((a, b) => b - a));
    await page.getByLabel('Blockers').selectOption('some');
    const blocked = answer.items.filter((e) => e.blockers.length > 0).length;
    await page.waitForSelector(`#worklist-count:text("${blocked} of ${answer.items.length}")`);
    await page.getByLabel('Blockers').selectOption('');
    const [first] = await rowKeys(page);
    await page.locator('tbody a').first().click();
    await page.waitForSelector('body[data-ready="patients"]');
    expect(await page.textContent('h1')).toBe(`Patient ${first}`);
    await page.context().close();
  }, 120_000);

  it('draws a long worklist a page of rows at a time, sorting and filtering every row', async () => {
    const answer = await rig.apiGet<{ items: { patientId: string; minutesMissing: number }[] }>(
      '/worklist?limit=1000',
      'admin',
    );
    const page = await rig.signIn('care_manager');
    await open(page, rig.origin, '/app/worklist?rows=10', 'worklist');
    expect(await rowKeys(page)).toEqual(answer.items.slice(0, 10).map((e) => e.patientId));
    await page.getByRole('button', { name: /^Show 10 more \(10 of \d+ shown\)$/ }).click();
    expect(await rowKeys(page)).toEqual(answer.items.slice(0, 20).map((e) => e.patientId));
    const sortByMissing = page.getByRole('button', { name: 'Minutes missing' });
    await sortByMissing.click();
    await sortByMissing.click();
    const most = [...answer.items].sort((a, b) => b.minutesMissing - a.minutesMissing).slice(0, 10);
    const shown = await page.$$eval('tbody tr', (rows) => rows.map((r) => Number(r.children[3].textContent)));
    expect(shown).toEqual(most.map((e) => e.minutesMissing));
    await page.context().close();
  }, 120_000);

  it('shows the program overview with the api figures of the month, revenue and trend charts', async () => {
    const metrics = await rig.apiGet<ProgramAnswer>(`/metrics/program?month=${PAST_MONTH}`, 'admin');
    const billing = await rig.apiGet<BillingAnswer>(`/billing/months/${PAST_MONTH}?limit=1000`, 'admin');
    const page = await rig.signIn('admin');
    await open(page, rig.origin, `/app/overview?month=${PAST_MONTH}`, 'overview');
    expect(await figure(page, 'enrolled')).toBe(String(metrics.enrolled));
    expect(await figure(page, 'consented')).toBe(String(metrics.consented));
    expect(await figure(page, 'active')).toBe(String(metrics.active));
    expect(await figure(page, 'billable')).toBe(String(metrics.billable));
    expect(await figure(page, 'share')).toBe(`${((metrics.billable / metrics.consented) * 100).toFixed(1)}%`);
    expect(await figure(page, 'billed')).toBe(money(billedCentsOf(billing)));
    expect(await figure(page, 'not-billable')).toBe(String(notBillableOf(billing)));
    const bands = await page.$$eval('#minutes-distribution tbody tr', (rows) =>
      rows.map((r) => [r.getAttribute('data-band'), Number(r.children[1].textContent)]),
    );
    expect(Object.fromEntries(bands)).toEqual(metrics.minutes);
    expect(await page.locator('figure.chart canvas').count()).toBe(2);
    await page
      .getByRole('link', { name: String(metrics.billable) })
      .first()
      .click();
    await page.waitForSelector('body[data-ready="billing"]');
    expect(await rowKeys(page)).toHaveLength(metrics.billable);
    // Every count links to the patient-months it counts.
    for (const name of ['consented', 'active'] as const) {
      await open(page, rig.origin, `/app/overview?month=${PAST_MONTH}`, 'overview');
      await page.locator(`[data-figure="${name}"] a`).click();
      await page.waitForSelector('body[data-ready="billing"]');
      expect([name, (await rowKeys(page)).length]).toEqual([name, metrics[name]]);
    }
    await page.context().close();
  }, 120_000);

  it('lets a biller download the month export and submit a claim through the claim route', async () => {
    const billing = await rig.apiGet<BillingAnswer>(`/billing/months/${PAST_MONTH}?limit=1000`, 'biller');
    const page = await rig.signIn('biller');
    await open(page, rig.origin, `/app/billing?month=${PAST_MONTH}`, 'billing');
    expect(await rowKeys(page)).toEqual(billing.items.map((l) => l.patientId));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const file = readFileSync((await download.path()) as string, 'utf8');
    expect(file).toBe(await rig.apiGet<string>(`/billing/months/${PAST_MONTH}/export`, 'biller'));
    const csv = file.trimEnd().split('\n');
    expect(csv[0]).toBe(
      'patientId,serviceMonth,status,billingPractitionerId,billingPractitionerNpi,codes,diagnosisCodes,dateOfService,estimatedAllowedCents,submitted,amendedAfterSubmission,reasons',
    );
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(
      billing.items.map((l) => l.patientId).sort(),
    );
    const claimable = billing.items.find((l) => l.status === 'billable' && l.claim === null);
    expect(claimable).toBeDefined();
    const patientId = claimable?.patientId ?? '';
    await page.getByRole('button', { name: `Submit claim for ${patientId}, ${PAST_MONTH}` }).click();
    await page.waitForSelector(`#billing-notice:text("Claim submitted for ${patientId}")`);
    const again = await rig.api.http
      .post(`/patients/${patientId}/months/${PAST_MONTH}/claim`)
      .set('Authorization', `Bearer ${rig.api.token('biller')}`);
    expect(again.status).toBe(409);

    // Every entry of the claimed month voided afterwards: the patient's page says a correction is owed.
    const claimed = await rig.apiGet<{ timeEntries: { entryId: string; status: string }[] }>(
      `/patients/${patientId}/months/${PAST_MONTH}`,
      'care_manager',
    );
    for (const entry of claimed.timeEntries.filter((e) => e.status !== 'voided')) {
      const voided = await rig.api.http
        .post(`/patients/${patientId}/time-entries/${encodeURIComponent(entry.entryId)}/void`)
        .set('Authorization', `Bearer ${rig.api.token('care_manager')}`)
        .send({ reason: 'logged on the wrong patient' });
      expect(voided.status).toBe(201);
    }
    await rig.caughtUp();
    const amended = await rig.apiGet<{ amendedAfterSubmission: boolean }>(
      `/patients/${patientId}/months/${PAST_MONTH}`,
      'biller',
    );
    expect(amended.amendedAfterSubmission).toBe(true);
    await open(page, rig.origin, `/app/patients/${patientId}`, 'patients');
    expect(await page.textContent(`#months tr[data-month="${PAST_MONTH}"]`)).toContain(
      'amended since: file a correction',
    );
    await page.context().close();
  }, 120_000);

  it('shows an auditor no write control', async () => {
    const page = await rig.signIn('auditor');
    await open(page, rig.origin, `/app/billing?month=${PAST_MONTH}`, 'billing');
    expect(await rowKeys(page)).not.toHaveLength(0);
    expect(await page.locator('.submit-claim').count()).toBe(0);
    expect(await page.getByRole('button', { name: /submit/i }).count()).toBe(0);
    await page.context().close();
  }, 120_000);

  it('shows a patient: summary, months with their decision, timeline and who looked', async () => {
    await rig.apiGet('/patients/pt-00001', 'care_manager');
    await rig.caughtUp();
    const page = await rig.signIn('care_manager');
    await open(page, rig.origin, '/app/patients/pt-00001', 'patients');
    for (const id of ['summary', 'months', 'timeline', 'changes', 'reads'])
      expect(await page.locator(`section#${id} h2`).count()).toBe(1);
    const status = await page.textContent(`#months tr[data-month="${PAST_MONTH}"] td`);
    const month = await rig.apiGet<{ billing: { status: string } }>(
      `/patients/pt-00001/months/${PAST_MONTH}`,
      'care_manager',
    );
    expect(status).toBe(month.billing.status.replace(/[-_]/g, ' '));
    const record = await rig.apiGet<{ medications: { list: { name: string; status: string }[] } }>(
      '/patients/pt-00001',
      'care_manager',
    );
    const active = record.medications.list.filter((m) => m.status === 'active').map((m) => m.name);
    expect(active.length).toBeGreaterThan(0);
    expect(await shownMedications(page)).toEqual(active);
    expect(await page.textContent('#reads')).toContain('rn-lopez');
    await page.getByLabel('Month', { exact: true }).selectOption(PAST_MONTH);
    await page.getByLabel('As recorded by (your local time)').fill('2026-03-21T00:00');
    await page.getByRole('button', { name: 'Show the month then' }).click();
    await page.waitForSelector('#as-of-answer dt:text("As now")');
    expect(await page.textContent('#as-of-answer')).toContain(month.billing.status.replace(/[-_]/g, ' '));
    const [packet] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: `Download the claim evidence packet of ${PAST_MONTH}` }).click(),
    ]);
    expect(readFileSync((await packet.path()) as string, 'utf8')).toContain('evidence-json');
    await page.context().close();
  }, 120_000);

  it('totals the month by staff member and counts contacts by channel and outcome', async () => {
    const billing = await rig.apiGet<BillingAnswer>(`/billing/months/${PAST_MONTH}?limit=1000`, 'admin');
    const expected: Record<string, number> = {};
    let contacts = 0;
    for (const { patientId } of billing.items) {
      const month = await rig.apiGet<TeamMonth>(`/patients/${patientId}/months/${PAST_MONTH}`, 'admin');
      for (const entry of month.timeEntries.filter((e) => e.status === 'active'))
        expected[entry.performerId] = (expected[entry.performerId] ?? 0) + entry.minutes;
      contacts += month.contacts.length;
    }
    const page = await rig.signIn('admin');
    await open(page, rig.origin, `/app/team?month=${PAST_MONTH}`, 'team');
    const shown = await page.$$eval('tbody tr[data-key]', (rows) =>
      rows.map((r) => [r.getAttribute('data-key'), Number(r.children[2].textContent)]),
    );
    expect(Object.fromEntries(shown)).toEqual(expected);
    const served = await rig.apiGet<{ staff: { staffId: string; minutes: number }[] }>(
      `/metrics/team?month=${PAST_MONTH}`,
      'admin',
    );
    expect(shown).toEqual(served.staff.map((s) => [s.staffId, s.minutes]));
    const counted = await page.$$eval('#contacts-table tbody td:not(:last-child)', (cells) =>
      cells.reduce((sum, cell) => sum + Number(cell.textContent), 0),
    );
    expect(counted).toBe(contacts);
    await page.context().close();
  }, 180_000);

  it('shows the care outcomes of a month as the api answers them, with a 12-month trend', async () => {
    const outcomesOf = (month: string) =>
      rig.apiGet<outcomes.OutcomesAnswer>(`/metrics/outcomes?month=${month}`, 'admin');
    const answer = await outcomesOf(PAST_MONTH);
    expect(answer.bloodPressureControlled.denominator).toBeGreaterThan(0);
    expect(answer.a1cAbove9.denominator).toBeGreaterThan(0);
    const page = await rig.signIn('admin');
    await page.getByRole('link', { name: 'Outcomes' }).click();
    await page.waitForSelector('body[data-ready="outcomes"]');
    await page.getByLabel('Month', { exact: true }).fill(PAST_MONTH);
    await page.getByLabel('Month', { exact: true }).press('Enter');
    await page.waitForURL(`**/app/outcomes?month=${PAST_MONTH}`);
    await page.waitForSelector('body[data-ready="outcomes"]');
    expect(await page.textContent('h1')).toBe(`Outcomes · ${PAST_MONTH}`);
    const shown = await outcomes.shownFigures(page);
    expect(shown.values).toEqual(outcomes.expectedValues(answer));
    expect(shown.counts).toEqual(outcomes.expectedCounts(answer));
    const bp = page.locator('[data-outcome="bloodPressureControlled"] .definition');
    expect(await bp.textContent()).toContain(answer.bloodPressureControlled.definition.lookBack);
    expect(await page.textContent('[data-outcome="medicationReconciliationAfterDischarge"] .note')).toMatch(
      outcomes.pendingNote(answer.medicationReconciliationAfterDischarge.pending),
    );
    const months = outcomes.twelveMonthsTo(PAST_MONTH);
    const trend = await Promise.all(months.map(outcomesOf));
    expect(await outcomes.shownTrendRows(page)).toEqual(outcomes.expectedTrendRows(months, trend));
    expect(await page.locator('#trend-outcomes canvas').count()).toBe(1);
    await page.context().close();
  }, 180_000);

  it("does not reach another practice's patient by its address", async () => {
    const page = await rig.signIn('care_manager', OTHER_PRACTICE_ID);
    expect(await rowKeys(page)).not.toContain(`pt-000${CLINIC_PATIENTS}`);
    await open(page, rig.origin, `/app/patients/pt-000${CLINIC_PATIENTS}`, 'patients');
    expect(await page.textContent('h1')).toBe('Not found');
    expect(await page.textContent('main')).toContain('No such patient');
    await page.context().close();
  }, 120_000);

  it.each([1280, 390])(
    'passes axe-core on every page at %i px, and saves screenshots',
    async (width) => {
      const pages: [string, string, string][] = [
        ['worklist', '/app/worklist', 'worklist'],
        ['overview', `/app/overview?month=${PAST_MONTH}`, 'overview'],
        ['billing', `/app/billing?month=${PAST_MONTH}`, 'billing'],
        ['patient', '/app/patients/pt-00002', 'patients'],
        ['team', `/app/team?month=${PAST_MONTH}`, 'team'],
        ['outcomes', `/app/outcomes?month=${PAST_MONTH}`, 'outcomes'],
        ['sign-in', '/app/sign-in', 'sign-in'],
      ];
      const page = await rig.signIn('biller', undefined, width);
      const found: Record<string, string[]> = {};
      for (const [name, path, ready] of pages) {
        await open(page, rig.origin, path, ready);
        await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
        found[name] = await seriousViolations(page);
      }
      expect(found).toEqual(Object.fromEntries(pages.map(([name]) => [name, []])));
      await page.context().close();
    },
    240_000,
  );

  it('made no request off the api origin, put no token in an address, broke no content security rule', () => {
    expect(rig.offOrigin).toEqual([]);
    expect(rig.requested.length).toBeGreaterThan(50);
    // Tokens are JWTs, whose first part always starts so.
    expect(rig.requested.filter((url) => url.includes('eyJ'))).toEqual([]);
    expect(rig.pageErrors.filter((m) => !m.includes('status of 404'))).toEqual([]);
  });
});
