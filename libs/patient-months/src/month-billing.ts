import {
  decide,
  reasonKey,
  validateFacts,
  type BilledCode,
  type BillingDecision,
  type NotBillable,
  type PatientMonthFacts,
  type ReasonCode,
} from '@ccm/billing';
import type { DefaultedFact } from './fact-defaults';

export type BillingStatus = 'billable' | 'not_billable' | 'incomplete';

export interface MonthBilling {
  /** `incomplete`: the facts could not be decided (e.g. no rule set for the year); `problems` says where. */
  readonly status: BillingStatus;
  /** Fact paths filled with the documented defaults (fact-defaults.ts), not from events. */
  readonly assumed: readonly DefaultedFact[];
  readonly problems: readonly { readonly path: string; readonly message: string }[];
  readonly facts: PatientMonthFacts;
  readonly decision: BillingDecision | null;
}

/** Runs the billing engine on a month's facts. Pure: the same facts always give the same answer. */
export function decideMonth(facts: PatientMonthFacts, assumed: readonly DefaultedFact[]): MonthBilling {
  const validated = validateFacts(facts);
  if (!validated.ok) {
    return { status: 'incomplete', assumed, problems: validated.errors, facts, decision: null };
  }
  let decision: BillingDecision;
  try {
    decision = decide(validated.facts);
  } catch (error) {
    // The engine refusing a document is a fact about the month, not a reason to stop the projection.
    const message = error instanceof Error ? error.name : 'engine error';
    return {
      status: 'incomplete',
      assumed,
      problems: [{ path: '(engine)', message }],
      facts,
      decision: null,
    };
  }
  return {
    status: decision.codes.length > 0 ? 'billable' : 'not_billable',
    assumed,
    problems: [],
    facts,
    decision,
  };
}

/**
 * Reasons that say how far the minutes are, not what blocks the month: a threshold not reached, a cap
 * passed (the worklist shows the minutes missing on its own), a code set aside because another track bills.
 */
const NOT_BLOCKING: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'TIME_BELOW_THRESHOLD',
  'COMPLEX_TIME_BELOW_THRESHOLD',
  'ADDON_UNIT_CAP_REACHED',
  'MUTUALLY_EXCLUSIVE_TRACK',
  'PCM_AND_CCM_SAME_PRACTITIONER',
]);

/** ref = an excluded time entry (billing-facts.md §4): minutes left out, the month itself not blocked. */
const ENTRY_REASONS: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'SUPERSEDED_OR_VOIDED_ENTRY_EXCLUDED',
  'UNALLOCATED_MULTI_PROGRAM_TIME_EXCLUDED',
  'TIME_OUTSIDE_SERVICE_MONTH_EXCLUDED',
  'TIME_COUNTED_FOR_OTHER_SERVICE_EXCLUDED',
  'NON_CLINICAL_STAFF_TIME_EXCLUDED',
  'TIME_BEFORE_CONSENT_EXCLUDED',
  'CONSENT_REVOKED_TIME_AFTER_REVOCATION_EXCLUDED',
  'INPATIENT_TIME_EXCLUDED',
  'FACE_TO_FACE_EM_TIME_EXCLUDED',
  'UNSUCCESSFUL_OUTREACH_TIME_EXCLUDED',
  'OVERLAPPING_TIME_COUNTED_ONCE',
]);

/** An entry's ref is its id, or `<id>(<k> of <n> minutes)` for part of it. */
const entryIdOf = (ref: string): string => ref.replace(/\(\d+ of \d+ minutes\)$/, '');

/**
 * What blocks the month, as `REASON` or `REASON:ref` (reasonKey): failed gates, with or without a ref
 * (NO_CONSENT:99490, INSUFFICIENT_QUALIFYING_CONDITIONS:99490, EXCLUDED_BY_CONCURRENT_SERVICE:G0181,
 * REQUIREMENT_NOT_MET:carePlan.copyGivenToPatient...), and refused codes; never an excluded time entry
 * (REQUIREMENT_NOT_MET names one too, for another practitioner's time) nor minutes short of a threshold.
 */
export function blockersOf(billing: MonthBilling, carePlanInForce: boolean): string[] {
  const { decision } = billing;
  if (!decision) return [];
  const entryIds = new Set(billing.facts.timeEntries.map((e) => e.id));
  const isEntryExclusion = (r: NotBillable): boolean =>
    r.ref !== undefined &&
    (ENTRY_REASONS.has(r.reason) || (r.reason === 'REQUIREMENT_NOT_MET' && entryIds.has(entryIdOf(r.ref))));
  return [
    ...new Set(
      decision.notBillable
        .filter((r) => !NOT_BLOCKING.has(r.reason) && !isEntryExclusion(r))
        // With a plan in force, "no plan activity this month" is cured by the month's own care work.
        .filter((r) => !(carePlanInForce && r.reason === 'CARE_PLAN_MISSING'))
        .map(reasonKey),
    ),
  ];
}

export const codesOf = (billing: MonthBilling): BilledCode[] => billing.decision?.codes ?? [];
