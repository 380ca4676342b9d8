import { copying, type Updates } from '../shared/updates';
import type { DecisionContext } from '../patient/decision-context';
import type { EnrolledPatient } from '../patient/patient-state';
import { accept, refuse, type Decision } from '../shared/decision';
import { isLocalMonth } from '../shared/local-time';
import type { ClaimEvent, SubmittedDecision } from './claims.events';

export type ClaimCommand = {
  readonly type: 'SubmitClaim';
  readonly data: {
    readonly serviceMonth: string;
    readonly billingPractitionerId: string;
    readonly codes: readonly { readonly code: string; readonly units: number }[];
    readonly decision: SubmittedDecision;
  };
};

export function decideClaim(
  command: ClaimCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Decision<ClaimEvent> {
  const { serviceMonth } = command.data;
  if (!isLocalMonth(serviceMonth)) {
    return refuse('DATE_INVALID', 'Not a month YYYY-MM.', { fields: ['serviceMonth'] });
  }
  if (state.submittedClaims[serviceMonth]) {
    return refuse(
      'CLAIM_ALREADY_SUBMITTED',
      'This patient-month was already submitted; file a corrected claim instead.',
      {
        serviceMonth,
      },
    );
  }
  if (serviceMonth > context.nowLocal.slice(0, 7)) {
    return refuse('OCCURS_IN_FUTURE', 'A month is billed once it has begun.', { fields: ['serviceMonth'] });
  }
  if (command.data.codes.length === 0) {
    return refuse('NOTHING_TO_BILL', 'The decision for this month bills no code.');
  }
  return accept({ type: 'ClaimSubmitted', data: { ...command.data, submittedBy: context.actorId } });
}

export function evolveClaim(
  state: EnrolledPatient,
  event: ClaimEvent,
  updates: Updates = copying,
): EnrolledPatient {
  return {
    ...state,
    submittedClaims: updates.put(state.submittedClaims, event.data.serviceMonth, {
      atRevision: state.version,
    }),
  };
}
