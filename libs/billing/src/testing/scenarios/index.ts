import { apcm } from './apcm';
import { boundaries } from './boundaries';
import { carePlanAndExclusions } from './care-plan-and-exclusions';
import { codes } from './codes';
import { consent } from './consent';
import { eligibility } from './eligibility';
import { initiatingVisit } from './initiating-visit';
import { pcmAndClaims } from './pcm-and-claims';
import { rpm } from './rpm';
import type { BillingScenario } from './scenario';
import { selection } from './selection';
import { timeCounting } from './time-counting';
import { timeFilters } from './time-filters';
import { yearsAndFees } from './years-and-fees';

export type { BillingScenario } from './scenario';
export {
  apcm,
  boundaries,
  carePlanAndExclusions,
  codes,
  consent,
  eligibility,
  initiatingVisit,
  pcmAndClaims,
  rpm,
  selection,
  timeCounting,
  timeFilters,
  yearsAndFees,
};

/**
 * The billing scenario suite: every complete facts document of the rule specs (gate-rules, code-rules,
 * time-rules, rpm-apcm-rules, boundaries, rule-sets and fees specs), named, with the codes decide bills
 * for it under the default policy. A document a spec decides only under another policy is here too, with
 * its default-policy codes. Left out: documents that test validation errors, or a year with no rule set.
 */
export const BILLING_SCENARIOS: readonly BillingScenario[] = [
  eligibility,
  consent,
  initiatingVisit,
  carePlanAndExclusions,
  codes,
  selection,
  pcmAndClaims,
  timeCounting,
  timeFilters,
  rpm,
  apcm,
  yearsAndFees,
  boundaries,
].flatMap((group) => group.scenarios);
