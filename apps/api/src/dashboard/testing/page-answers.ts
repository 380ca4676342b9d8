import type { Page } from 'playwright-core';

/** The api answers the dashboard tests compare pages with, and readers of what a page shows. */
export interface WorklistAnswer {
  month: string;
  items: { patientId: string; minutesMissing: number; blockers: string[] }[];
}
export interface ProgramAnswer {
  enrolled: number;
  consented: number;
  active: number;
  billable: number;
  minutes: Record<string, number>;
}
export interface TeamMonth {
  timeEntries: { performerId: string; minutes: number; status: string }[];
  contacts: unknown[];
}
export interface BillingAnswer {
  items: {
    patientId: string;
    status: string;
    codes: { code: string; units: number }[];
    estimatedAllowedCents: number;
    claim: unknown;
  }[];
}

export const money = (cents: number) =>
  (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });
export const rowKeys = (page: Page) =>
  page.$$eval('tbody tr[data-key]', (rows) => rows.map((r) => r.getAttribute('data-key')));
export const figure = (page: Page, name: string) => page.textContent(`[data-figure="${name}"]`);

/** The medication names the patient page lists (each item starts with the name). */
export const shownMedications = (page: Page) =>
  page.$$eval('#medications li', (items) => items.map((i) => i.textContent?.split(' ')[0]));

/** What the billable lines are estimated to be allowed, and how many lines are not billable. */
export const billedCentsOf = (billing: BillingAnswer) =>
  billing.items.filter((l) => l.status === 'billable').reduce((s, l) => s + l.estimatedAllowedCents, 0);
export const notBillableOf = (billing: BillingAnswer) =>
  billing.items.filter((l) => l.status !== 'billable').length;
