import type { LocalDate } from '../shared/local-time';

/**
 * Continuity of care: the care-team member the patient is designated to, over time. The first
 * designation is an assignment; every later one a change, naming the member it replaces as of its date.
 */
export type CareTeamEvent =
  | {
      readonly type: 'DesignatedCareTeamMemberAssigned';
      readonly data: {
        readonly designationId: string;
        readonly memberId: string;
        readonly effectiveOn: LocalDate;
        readonly reason?: string;
        readonly recordedBy: string;
      };
    }
  | {
      readonly type: 'DesignatedCareTeamMemberChanged';
      readonly data: {
        readonly designationId: string;
        /** The member designated on `effectiveOn` before this change. */
        readonly from: string;
        readonly memberId: string;
        readonly effectiveOn: LocalDate;
        readonly reason?: string;
        readonly recordedBy: string;
      };
    };

/** A designation as the patient state keeps it (recording order). */
export interface DesignationState {
  readonly memberId: string;
  readonly effectiveOn: LocalDate;
}

/**
 * The member designated on `date`: the designation effective latest on or before it (of two effective
 * the same day, the one recorded last). Undefined before the first.
 */
export function designatedOn(
  designations: readonly DesignationState[],
  date: LocalDate,
): DesignationState | undefined {
  let found: DesignationState | undefined;
  for (const d of designations) {
    if (d.effectiveOn <= date && (found === undefined || d.effectiveOn >= found.effectiveOn)) found = d;
  }
  return found;
}
