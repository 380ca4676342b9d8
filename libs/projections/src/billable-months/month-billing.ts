import {
  decide,
  validateFacts,
  type BilledCode,
  type BillingDecision,
  type PatientMonthFacts,
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

/** Whole-month reasons (no ref): the gates a patient must pass, whatever the minutes. */
export function blockersOf(decision: BillingDecision | null, carePlanInForce: boolean): string[] {
  if (!decision) return [];
  return [
    ...new Set(
      decision.notBillable
        .filter((r) => r.ref === undefined)
        // With a plan in force, "no plan activity this month" is cured by the month's own care work.
        .filter((r) => !(carePlanInForce && r.reason === 'CARE_PLAN_MISSING'))
        .map((r) => r.reason),
    ),
  ];
}

export const codesOf = (billing: MonthBilling): BilledCode[] => billing.decision?.codes ?? [];
