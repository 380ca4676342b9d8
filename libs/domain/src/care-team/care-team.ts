import { copying, type Updates } from '../shared/updates';
import { todayOf, type DecisionContext } from '../patient/decision-context';
import { checkIdempotencyKey, rememberIdempotencyKey } from '../patient/idempotency';
import type { EnrolledPatient } from '../patient/patient-state';
import { isOnRoster } from '../practice/practice';
import { accept, refuse, refuseInvalidDates, type Decision } from '../shared/decision';
import { isLocalDate, type LocalDate } from '../shared/local-time';
import { designatedOn, type CareTeamEvent } from './care-team.events';

export type CareTeamCommand = {
  readonly type: 'DesignateCareTeamMember';
  readonly data: {
    /** Idempotency key of this designation. */
    readonly designationId: string;
    readonly memberId: string;
    readonly effectiveOn: LocalDate;
    readonly reason?: string;
  };
};

/**
 * Assigns the patient's designated care-team member, or changes it from a date (which may be in the
 * past: continuity documented late). The member must be on the practice roster, as care-team members
 * are at enrolment.
 */
export function decideCareTeam(
  command: CareTeamCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Decision<CareTeamEvent> {
  const { designationId, memberId, effectiveOn, reason } = command.data;
  const designations = state.designations ?? [];
  const before = designatedOn(designations, effectiveOn);
  const common = { designationId, memberId, effectiveOn, ...(reason !== undefined ? { reason } : {}) };
  const replay = checkIdempotencyKey<CareTeamEvent>(
    state,
    `designation:${designationId}`,
    common,
    'DESIGNATION_ID_REUSED',
  );
  if (replay) return replay;
  const badDate = refuseInvalidDates<CareTeamEvent>({ effectiveOn }, isLocalDate);
  if (badDate) return badDate;
  if (effectiveOn > todayOf(context)) {
    return refuse('OCCURS_IN_FUTURE', 'A designation is recorded once it is in effect.', {
      fields: ['effectiveOn'],
    });
  }
  if (effectiveOn < state.enrolledOn) {
    return refuse('EFFECTIVE_BEFORE_ENROLMENT', 'A designation cannot take effect before enrolment.', {
      fields: ['effectiveOn'],
    });
  }
  if (!isOnRoster(context.practice, memberId)) {
    return refuse('CARE_TEAM_MEMBER_NOT_ON_ROSTER', 'The designated member must be on the practice roster.', {
      fields: ['memberId'],
    });
  }
  if (before?.memberId === memberId) {
    return refuse('DESIGNATED_MEMBER_UNCHANGED', 'This member is already designated on that date.', {
      fields: ['memberId'],
    });
  }
  const recordedBy = context.actorId;
  return before === undefined
    ? accept({ type: 'DesignatedCareTeamMemberAssigned', data: { ...common, recordedBy } })
    : accept({
        type: 'DesignatedCareTeamMemberChanged',
        data: {
          designationId,
          from: before.memberId,
          memberId,
          effectiveOn,
          ...(reason !== undefined ? { reason } : {}),
          recordedBy,
        },
      });
}

export function evolveCareTeam(
  state: EnrolledPatient,
  event: CareTeamEvent,
  updates: Updates = copying,
): EnrolledPatient {
  const { designationId, memberId, effectiveOn, reason } = event.data;
  const content = { designationId, memberId, effectiveOn, ...(reason !== undefined ? { reason } : {}) };
  return {
    ...state,
    designations: updates.append(state.designations ?? [], { memberId, effectiveOn }),
    idempotencyKeys: rememberIdempotencyKey(state, `designation:${designationId}`, content),
  };
}
