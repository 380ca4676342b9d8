import type { BillingDecision } from '../decision';
import { reasonKey } from '../decision';

/** `{ "99490": 1, "99439": 2 }`: codes as a map, for compact assertions. */
export function codeMap(decision: BillingDecision): Record<string, number> {
  return Object.fromEntries(decision.codes.map((c) => [c.code, c.units]));
}

/** Reasons as the worked examples write them: `REASON` or `REASON:ref`. */
export function reasonKeys(decision: BillingDecision): string[] {
  return decision.notBillable.map(reasonKey);
}
