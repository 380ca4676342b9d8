import { QUALIFYING_INITIATING_VISIT_CODES, TCM_CODES } from './codes';
import type { ConsentProgram, PatientMonthFacts } from './facts';
import type { GateFailure } from './gate-failure';
import type { BillingPolicy } from './policy';
import { firstDayOfMonth, lastDayOfMonth, monthOfDate, shiftYears } from './wall-clock';

/**
 * INIT-1 / APCM-4: a visit is required for a new patient, one never seen, or one last seen face to face
 * more than the program's look-back before CCM started (consent). Upstream's own answer also counts.
 */
export function visitRequirement(
  facts: PatientMonthFacts,
  program: ConsentProgram,
  policy: BillingPolicy,
): { required: boolean; why: string } {
  const years = policy.initiatingVisitLookbackYears[program];
  const anchor = facts.consent.obtainedAt?.slice(0, 10) ?? firstDayOfMonth(facts.serviceMonth);
  const last = facts.patient.lastFaceToFaceVisitWithBillingPractitioner ?? null;
  if (facts.patient.isNewToBillingPractitioner)
    return { required: true, why: 'new to the billing practitioner' };
  if (last === null) return { required: true, why: 'never seen face to face by the billing practitioner' };
  if (last < shiftYears(anchor, -years)) {
    return { required: true, why: `last seen ${last}, over ${years} year(s) before ${anchor}` };
  }
  if (facts.initiatingVisit.required === true)
    return { required: true, why: 'upstream marks the visit as required' };
  return { required: false, why: `last seen ${last}, within ${years} year(s) before ${anchor}` };
}

/** INIT-2..4: why the recorded visit does not qualify (empty = it qualifies). */
export function visitProblems(facts: PatientMonthFacts, policy: BillingPolicy): string[] {
  const visit = facts.initiatingVisit;
  const problems: string[] = [];
  const code = visit.code ?? null;
  const tcm = code !== null && TCM_CODES.includes(code);
  if (code === null) problems.push('no visit code');
  else if (!(
    QUALIFYING_INITIATING_VISIT_CODES.includes(code) ||
    (tcm && policy.tcmQualifiesAsInitiatingVisit)
  )) {
    problems.push(`${code} is not a qualifying initiating visit`);
  }
  const bp = facts.billingPractitioner.id;
  const performer = visit.billingPractitionerId ?? visit.performedBy ?? null;
  if (performer === null) problems.push('performer not recorded');
  else if (performer !== bp || (visit.performedBy && visit.performedBy !== bp)) {
    problems.push('not furnished by the billing practitioner (INIT-4)');
  }
  if (visit.ccmDiscussedAndDocumented !== true) problems.push('CCM discussion not documented (INIT-3)');
  return problems;
}

export function visitFailures(
  facts: PatientMonthFacts,
  program: ConsentProgram,
  policy: BillingPolicy,
): GateFailure[] {
  const requirement = visitRequirement(facts, program, policy);
  if (!requirement.required) return [];
  const visit = facts.initiatingVisit;
  const requiredRule = program === 'APCM' ? 'APCM-4' : 'INIT-1';
  if (visit.status !== 'completed' || !visit.date || visit.date > lastDayOfMonth(facts.serviceMonth)) {
    return [
      {
        reason: 'INITIATING_VISIT_REQUIRED',
        rule: requiredRule,
        detail: `visit required (${requirement.why}) but none completed`,
      },
    ];
  }
  const problems = visitProblems(facts, policy);
  return problems.length === 0
    ? []
    : [{ reason: 'INITIATING_VISIT_NOT_QUALIFYING', rule: 'INIT-2', detail: problems.join('; ') }];
}

/** INIT-5/INIT-6: G0506 with a completed, qualifying visit of this month that included extensive planning. */
export function g0506Decision(
  facts: PatientMonthFacts,
  policy: BillingPolicy,
): { bill: true; detail: string } | { bill: false; failure?: GateFailure; detail: string | null } {
  const visit = facts.initiatingVisit;
  if (visit.extensiveAssessmentAndCarePlanningByPractitioner !== true) return { bill: false, detail: null };
  if (visit.status !== 'completed' || !visit.date || monthOfDate(visit.date) !== facts.serviceMonth) {
    return {
      bill: false,
      detail: 'INIT-5: G0506 goes with a completed initiating visit in this month; none',
    };
  }
  const problems = visitProblems(facts, policy);
  if (problems.length > 0) {
    return {
      bill: false,
      failure: {
        reason: 'INITIATING_VISIT_NOT_QUALIFYING',
        rule: 'INIT-2',
        ref: 'G0506',
        detail: problems.join('; '),
      },
      detail: `INIT-2: G0506 refused: ${problems.join('; ')}`,
    };
  }
  if (visit.g0506PreviouslyBilled === true) {
    const consentDate = facts.consent.obtainedAt?.slice(0, 10);
    const newEpisode =
      policy.g0506Repeat === 'once_per_consent_episode' &&
      !!visit.g0506PreviousDate &&
      !!consentDate &&
      visit.g0506PreviousDate < consentDate;
    if (!newEpisode) {
      return {
        bill: false,
        failure: {
          reason: 'G0506_ALREADY_BILLED',
          rule: 'INIT-6',
          ref: 'G0506',
          detail: 'G0506 already billed at an earlier initiation',
        },
        detail: 'INIT-6: G0506 already billed at an earlier initiation',
      };
    }
  }
  return {
    bill: true,
    detail: `INIT-5: extensive assessment and care planning at the ${visit.code} visit of ${visit.date}: G0506 x1`,
  };
}
