export * from './facts';
export * from './decision';
export { decide } from './decide';
export { validateFacts, type ValidationError, type ValidationResult } from './validate-facts';
export {
  DEFAULT_BILLING_POLICY,
  resolvePolicy,
  type BillingPolicy,
  type BillingPolicyOverrides,
  type UnitCaps,
  type InitiatingVisitLookbackYears,
} from './policy';
export { RULE_SETS, ruleSetForMonth, ruleSetForYear, type RuleSet } from './rule-sets';
export {
  FEE_SCHEDULE,
  FEE_SCHEDULE_SOURCE,
  estimateAllowedAmount,
  feeFor,
  type AllowedAmountEstimate,
  type AllowedAmountLine,
  type EstimableDecision,
  type FeeScheduleEntry,
} from './fees';
export { ADD_ON_CODES, BILLED_VISIT_CODES } from './codes';
