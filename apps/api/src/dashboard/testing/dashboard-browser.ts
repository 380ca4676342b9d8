/**
 * The dashboard as people use it: the real api (hardened as `createApp` makes it, listening on loopback)
 * over a seeded synthetic clinic, and Debian's Chromium driven by playwright-core. Every request the
 * browser makes is checked to stay on the api's origin; any other is refused and remembered.
 */
import type { UserRole } from '@ccm/domain';
import { PatientRecords, PracticeRecords } from '@ccm/record';
import { seedClinic } from '@ccm/synthetic-clinic';
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ReadSide } from '../../read-models/read-side';
import { OTHER_PRACTICE_ID, PRACTICE_ID, startApi, type ApiHarness } from '../../testing/api-harness';
import { assertChromium, launchChromium } from '../../testing/chromium';

/** The clinic's day: 12 days left in March 2026, three full months behind it. */
export const NOW = '2026-03-20T17:00:00Z';
export const PAST_MONTH = '2026-02';
export const CLINIC_PATIENTS = 40;
export const OTHER_CLINIC_PATIENTS = 5;
export const ARTIFACTS = join(__dirname, '..', '..', '..', '..', '..', 'artifacts', 'dashboard');

/** Waits on a shared 2-core machine are for content, with room to spare. */
export const PAGE_TIMEOUT = 60_000;

export interface DashboardRig {
  readonly api: ApiHarness;
  readonly origin: string;
  readonly browser: Browser;
  /** URLs the browser asked for off the api's origin (refused). */
  readonly offOrigin: string[];
  /** Every URL the browser asked the api for, to check that no token ever travels in one. */
  readonly requested: string[];
  /** Console messages that report a Content-Security-Policy violation or a script error. */
  readonly pageErrors: string[];
  apiGet<T>(path: string, role: UserRole, practiceId?: string): Promise<T>;
  signIn(role: UserRole, practiceId?: string, width?: number): Promise<Page>;
  /** Resolves once the read models have applied everything stored (the access log included). */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

export async function startDashboard(
  options: {
    patients?: number;
    otherPatients?: number;
    /** Observations, stays, visits and surveys in the clinic too (the Outcomes page's figures). */
    careOutcomes?: boolean;
  } = {},
): Promise<DashboardRig> {
  assertChromium();
  const api = await startApi({ now: NOW });
  const records = {
    practices: api.app.get(PracticeRecords),
    patients: api.app.get(PatientRecords),
    clock: api.clock,
  };
  const lastDay = '2026-03-19';
  await seedClinic(records, {
    practiceId: PRACTICE_ID,
    patients: options.patients ?? CLINIC_PATIENTS,
    months: 4,
    seed: 7,
    lastDay,
    careOutcomes: options.careOutcomes ?? false,
  });
  await seedClinic(records, {
    practiceId: OTHER_PRACTICE_ID,
    patients: options.otherPatients ?? OTHER_CLINIC_PATIENTS,
    months: 2,
    seed: 8,
    lastDay,
  });
  await api.app.get(ReadSide).projector?.waitUntilCaughtUp(120_000);
  await api.app.listen(0, '127.0.0.1');
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
  const offOrigin: string[] = [];
  const requested: string[] = [];
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];

  const apiGet = async <T>(path: string, role: UserRole, practiceId = PRACTICE_ID): Promise<T> => {
    const response = await api.http
      .get(path)
      .set('Authorization', `Bearer ${api.token(role, practiceId)}`)
      .set('X-Purpose-Of-Use', 'operations');
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    // A file (the CSV export) comes back as its text.
    return (response.type === 'application/json' ? response.body : response.text) as T;
  };

  const signIn = async (role: UserRole, practiceId = PRACTICE_ID, width = 1280): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
    contexts.push(context);
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requested.push(url);
      if (url.startsWith(`${origin}/`)) return route.continue();
      offOrigin.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT);
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${origin}/app/sign-in`);
    await page.getByLabel('Access token').fill(api.token(role, practiceId));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('body[data-ready="worklist"]');
    return page;
  };

  return {
    api,
    origin,
    browser,
    offOrigin,
    requested,
    pageErrors,
    apiGet,
    signIn,
    caughtUp: async () => api.app.get(ReadSide).projector?.waitUntilCaughtUp(120_000),
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await api.close();
    },
  };
}

/** Opens a dashboard path in the signed-in tab and waits until its page has drawn itself. */
export async function open(page: Page, origin: string, path: string, ready: string): Promise<void> {
  await page.goto(`${origin}${path}`);
  await page.waitForSelector(`body[data-ready="${ready}"]`);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/** axe-core, evaluated through the debugging protocol (the page's CSP rightly refuses injected script). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
