import type { EvidencePacket } from '@ccm/audit';
import type { Browser } from 'playwright-core';
import { startApi, type ApiHarness } from '../testing/api-harness';
import { assertChromium, launchChromium } from '../testing/chromium';
import { medicationsAroundTheMonth } from '../testing/evidence-medications';
import { billedThenAmendedMonth, EVIDENCE_MONTH, EVIDENCE_PATIENT } from '../testing/evidence-scenario';
import { registerPractices } from '../testing/fixtures';

const route = `/patients/${EVIDENCE_PATIENT}/months/${EVIDENCE_MONTH}/evidence`;

/** The packet as an auditor opens it: in a browser, sections in order, printable to PDF. */
describe('claim evidence packet in headless Chromium', () => {
  let api: ApiHarness;
  let browser: Browser;
  let html: string;
  let packet: EvidencePacket;

  beforeAll(async () => {
    assertChromium();
    api = await startApi();
    await registerPractices(api);
    await billedThenAmendedMonth(api);
    await medicationsAroundTheMonth(api);
    const auditor = `Bearer ${api.token('auditor')}`;
    html = (
      await api.http
        .get(`${route}?format=html`)
        .set('Authorization', auditor)
        .set('X-Purpose-Of-Use', 'audit')
        .expect(200)
    ).text;
    packet = (await api.http.get(route).set('Authorization', auditor).set('X-Purpose-Of-Use', 'audit'))
      .body as EvidencePacket;
    browser = await launchChromium();
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('renders every main section, in order, with its heading', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.setContent(html, { waitUntil: 'load' });
    const sections = await page.$$eval('section[data-section]', (nodes) =>
      nodes.map((n) => [n.getAttribute('data-section'), n.querySelector('h2')?.textContent]),
    );
    expect(sections).toEqual([
      ['summary', 'Summary'],
      ['consent', 'Consent and disclosures'],
      ['care-plan', 'Care plan'],
      ['conditions', 'Chronic conditions'],
      ['initiating-visit', 'Initiating visit'],
      ['time-entries', 'Time entries'],
      ['corrections', 'Corrections, voids and reallocations'],
      ['contacts', 'Contacts'],
      ['care-team-access', 'Care team and after-hours access'],
      ['medications', 'Medications'],
      ['other-services', 'Other services in the month'],
      ['decision', 'Billing decision'],
      ['amendment', 'As billed and as now'],
      ['integrity', 'Record integrity'],
    ]);
    // Self-contained: nothing is fetched from anywhere.
    expect(requests.filter((url) => !url.startsWith('about:') && !url.startsWith('data:'))).toEqual([]);
    await page.close();
  });

  it('shows what the auditor asks for, as a person reads it', async () => {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const text = async (id: string) => (await page.textContent(`#${id}`)) ?? '';
    expect(await text('summary')).toContain('Not billable');
    expect(await text('summary')).toContain('NPI 1234567893');
    expect(await text('consent')).toContain('Disclosed: cost sharing');
    expect(await text('consent')).toContain('2026-03-02T10:15');
    expect(await text('care-plan')).toContain('portal');
    expect(await text('conditions')).toContain('E11.9');
    expect(await text('initiating-visit')).toContain('99214');
    const rows = await page.$$eval('#time-entries tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(rows.map((r) => [r[0], r[6], r[10]])).toEqual([
      ['ev-early', '5', 'active'],
      ['ev-1', '12', 'voided'],
      ['ev-2', '14', 'active'],
    ]);
    expect(await text('corrections')).toContain('Logged against the wrong patient');
    expect(await text('corrections')).toContain('Duration taken from the phone log');
    const medications = await page.$$eval('#medications table', (tables) =>
      tables.map((t) => [...t.querySelectorAll('tbody tr')].map((tr) => tr.querySelector('td')?.textContent)),
    );
    expect(medications).toEqual([['Metformin', 'Lisinopril'], ['2026-03-12'], ['2026-03-20']]);
    expect(await text('medications')).toContain('stopped 2026-03-20');
    expect(await text('medications')).toContain('1 unresolved');
    expect(await text('other-services')).toContain('99213');
    expect(await page.$$eval('#decision ol.trace li', (lis) => lis.length)).toBe(
      packet.decision.trace.length,
    );
    expect(await text('amendment')).toContain('yes: file a corrected claim');
    expect(await text('amendment')).toContain('codes: 99490x1 -> none');
    expect(await text('integrity')).toContain('intact');
    await page.close();
  });

  it('carries the JSON it was made from, and prints to PDF', async () => {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const embedded = await page.textContent('#evidence-json');
    expect(JSON.parse(embedded ?? 'null')).toEqual(packet);
    const pdf = await page.pdf({ format: 'Letter' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    await page.close();
  });
});
