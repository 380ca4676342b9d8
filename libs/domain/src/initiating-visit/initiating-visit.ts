import { copying, type Updates } from '../shared/updates';
import { isOnRoster } from '../practice/practice';
import { todayOf, type DecisionContext } from '../patient/decision-context';
import { checkIdempotencyKey, rememberIdempotencyKey } from '../patient/idempotency';
import type { EnrolledPatient } from '../patient/patient-state';
import { accept, refuse, refuseInvalidDates, type Decision } from '../shared/decision';
import { isLocalDate, type LocalDate } from '../shared/local-time';
import type { InitiatingVisitEvent } from './initiating-visit.events';

export type InitiatingVisitCommand = {
  readonly type: 'RecordInitiatingVisit';
  readonly data: {
    readonly visitId: string;
    readonly visitDate: LocalDate;
    readonly practitionerId: string;
    readonly visitCode: string;
    readonly ccmDiscussed: boolean;
    readonly extensiveAssessmentAndCarePlanning: boolean;
  };
};

/** CPT (five digits) or HCPCS level II (a letter and four digits). */
const PROCEDURE_CODE = /^([0-9]{5}|[A-Z][0-9]{4})$/;

export function decideInitiatingVisit(
  command: InitiatingVisitCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Decision<InitiatingVisitEvent> {
  const data = { ...command.data, visitCode: command.data.visitCode.toUpperCase() };
  const replay = checkIdempotencyKey<InitiatingVisitEvent>(
    state,
    `visit:${data.visitId}`,
    data,
    'VISIT_ID_REUSED',
  );
  if (replay) return replay;
  if (!PROCEDURE_CODE.test(data.visitCode)) {
    return refuse('VISIT_CODE_INVALID', 'The visit code is not a CPT or HCPCS code.', {
      fields: ['visitCode'],
    });
  }
  const badDate = refuseInvalidDates<InitiatingVisitEvent>({ visitDate: data.visitDate }, isLocalDate);
  if (badDate) return badDate;
  if (data.visitDate > todayOf(context)) {
    return refuse('OCCURS_IN_FUTURE', 'A visit cannot be recorded before it happens.', {
      fields: ['visitDate'],
    });
  }
  // Documentation is never refused for billing reasons: a visit by clinical staff (99211 by an RN) happened
  // and is recorded; the billing rules say it does not qualify (INIT-2, INIT-4).
  if (!isOnRoster(context.practice, data.practitionerId)) {
    return refuse('PERFORMER_NOT_ON_ROSTER', 'The visit must be by someone on the practice roster.', {
      fields: ['practitionerId'],
    });
  }
  return accept({ type: 'InitiatingVisitRecorded', data });
}

export function evolveInitiatingVisit(
  state: EnrolledPatient,
  event: InitiatingVisitEvent,
  updates: Updates = copying,
): EnrolledPatient {
  return {
    ...state,
    idempotencyKeys: rememberIdempotencyKey(state, `visit:${event.data.visitId}`, event.data),
    initiatingVisits: updates.append(state.initiatingVisits, event.data),
  };
}
