import type { PatientMonthFacts } from '@ccm/billing';
import { carePlanFacts, chronicConditionFacts, entryFacts } from './billing-facts';
import { decideMonth, type MonthBilling } from './month-billing';
import { splitMinutes, summaryOf, type PatientMonthDocument } from './patient-month';

/**
 * The billing facts as a month document stores them: without the parts the document already holds in its
 * own terms (the month's conditions, care plan and time entries), which were a third of a month document.
 * What those parts need from outside the document, the performers' credentials on the roster as it was,
 * is kept.
 */
export type StoredMonthFacts = Omit<PatientMonthFacts, 'patient' | 'carePlan' | 'timeEntries'> & {
  readonly patient: Omit<PatientMonthFacts['patient'], 'chronicConditions'>;
  /** Performer id -> credential, for the time entries' performers that had one. */
  readonly performerCredentials: Readonly<Record<string, string>>;
};

/**
 * The month document without what is derived from its other parts: its minutes and summary, and the
 * billing engine's answer (status, problems, decision), which the engine gives again from the facts (it
 * reads no clock) for the rare read of a whole month, instead of every event storing its trace.
 */
export type StoredPatientMonth = Omit<PatientMonthDocument, 'billing' | 'minutes' | 'summary'> & {
  readonly billing: Pick<MonthBilling, 'assumed'> & { readonly facts: StoredMonthFacts };
};

/** The month document as the read model stores it. */
export function storedMonthOf(document: PatientMonthDocument): StoredPatientMonth {
  const { minutes: _minutes, summary: _summary, ...stored } = document;
  const {
    patient: { chronicConditions: _conditions, ...patient },
    carePlan: _carePlan,
    timeEntries,
    ...facts
  } = document.billing.facts;
  const performerCredentials: Record<string, string> = {};
  for (const { performer } of timeEntries)
    if (performer.credential !== undefined) performerCredentials[performer.id] = performer.credential;
  const { assumed } = document.billing;
  return { ...stored, billing: { assumed, facts: { ...facts, patient, performerCredentials } } };
}

/**
 * The month document a stored one was made from, its facts' parts, billing decision, minutes and summary
 * derived again from the document with the functions that derived them, in the order they were built
 * (answers are compared as text).
 */
export function monthOfStored(stored: StoredPatientMonth): PatientMonthDocument {
  const {
    serviceMonth,
    payer,
    billingPractitioner,
    patient,
    consent,
    initiatingVisit,
    trackPolicy,
    mdmThisMonth,
    performerCredentials,
    ...later
  } = stored.billing.facts;
  const facts: PatientMonthFacts = {
    serviceMonth,
    payer,
    billingPractitioner,
    patient: { chronicConditions: chronicConditionFacts(stored.conditions), ...patient },
    consent,
    initiatingVisit,
    carePlan: carePlanFacts(stored.carePlan),
    trackPolicy,
    mdmThisMonth,
    timeEntries: stored.timeEntries.map((e) => entryFacts(e, performerCredentials[e.performerId])),
    ...later,
  };
  const { timeEntries, contacts, billing: storedBilling, claim, ...earlier } = stored;
  const billing = decideMonth(facts, storedBilling.assumed);
  const minutes = splitMinutes(timeEntries, stored.month);
  const summary = summaryOf({ billing, minutes, consent: stored.consent, carePlan: stored.carePlan });
  return { ...earlier, timeEntries, minutes, contacts, summary, billing, claim };
}
