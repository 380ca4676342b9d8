import { documentKey } from '../engine/keys';
import type { Projection } from '../engine/projection';
import { billingLineOf, billingListsOf } from './billing-line';
import { PatientMonthsEngine } from './patient-months-engine';

export const BILLABLE_MONTHS = 'billable-months';
export const BILLABLE_MONTHS_COLLECTIONS = { month: 'month', line: 'billing-line' } as const;
export const billingLineId = (month: string, patientId: string): string => `${month}:${patientId}`;

/** Ledgers by their last documented month: patients with nothing recorded in a later month. */
export const LAST_MONTH_LIST = 'last-month';

/**
 * Per patient and calendar month: the month document (consent, plan, conditions, visit, time, contacts,
 * facts and billing decision) and a billing line listed per month and status for billing jobs.
 */
export const billableMonthsEngine = new PatientMonthsEngine({
  name: BILLABLE_MONTHS,
  monthCollection: BILLABLE_MONTHS_COLLECTIONS.month,
  storedForm: (document) => document,
  ledgerLists: (ledger) => [{ list: LAST_MONTH_LIST, sortKey: ledger.months[ledger.months.length - 1] }],
  onUpdate(update, session) {
    for (const { month, document } of update.months) {
      const line = billingLineOf(document);
      session.put(
        documentKey(
          update.practiceId,
          BILLABLE_MONTHS_COLLECTIONS.line,
          billingLineId(month, update.patientId),
        ),
        line,
        billingListsOf(line),
      );
    }
  },
});

export const billableMonthsProjection: Projection = billableMonthsEngine;
