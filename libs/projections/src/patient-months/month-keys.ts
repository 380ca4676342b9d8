import { documentKey } from '../engine/keys';
import type { DocumentKey } from '../read-model-store';

/** The read model of patient-months: billing, the worklist and program metrics are its documents. */
export const PATIENT_MONTHS = 'patient-months';

export const MONTH_COLLECTIONS = {
  /** The practice's zone and roster as the events so far left them (context for month documents). */
  practice: 'practice',
  /** One per patient: what the months are derived from, listed by the patient's last month. */
  ledger: 'ledger',
  /** One per patient-month: the month as the api and the evidence serve it. */
  month: 'month',
  /** One per patient-month: the row of a billing month, listed by month and status. */
  line: 'billing-line',
  /** One per patient short of a threshold in their latest month. */
  worklistEntry: 'worklist-entry',
  /** One per patient: their part of the practice's counts, subtracted before it is re-added. */
  contribution: 'contribution',
  /** One per practice: the program's counts by month. */
  metrics: 'metrics',
  /** One per practice-month: time by staff member, contacts by channel and outcome. */
  team: 'team',
  /** One per time entry: the months it lies in, for its later corrections, voids and reallocations. */
  entry: 'entry',
} as const;

/** Ledgers by their last documented month: patients with nothing recorded in a later month. */
export const LAST_MONTH_LIST = 'last-month';

export const practiceKey = (practiceId: string): DocumentKey =>
  documentKey(practiceId, MONTH_COLLECTIONS.practice, 'profile');
export const ledgerKey = (practiceId: string, patientId: string): DocumentKey =>
  documentKey(practiceId, MONTH_COLLECTIONS.ledger, patientId);
export const monthKey = (practiceId: string, patientId: string, month: string): DocumentKey =>
  documentKey(practiceId, MONTH_COLLECTIONS.month, `${patientId}:${month}`);
export const billingLineKey = (practiceId: string, patientId: string, month: string): DocumentKey =>
  documentKey(practiceId, MONTH_COLLECTIONS.line, `${month}:${patientId}`);
export const worklistEntryKey = (practiceId: string, patientId: string): DocumentKey =>
  documentKey(practiceId, MONTH_COLLECTIONS.worklistEntry, patientId);
export const contributionKey = (practiceId: string, patientId: string): DocumentKey =>
  documentKey(practiceId, MONTH_COLLECTIONS.contribution, patientId);
export const programMetricsKey = (practiceId: string): DocumentKey =>
  documentKey(practiceId, MONTH_COLLECTIONS.metrics, 'program');
export const entryPlacementKey = (practiceId: string, patientId: string, entryId: string): DocumentKey =>
  documentKey(practiceId, MONTH_COLLECTIONS.entry, `${patientId}:${entryId}`);
export const teamMonthKey = (practiceId: string, month: string): DocumentKey =>
  documentKey(practiceId, MONTH_COLLECTIONS.team, month);
