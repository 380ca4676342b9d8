import type * as careTeam from './care-team-links';
import type * as demographics from './demographics-links';
import type * as observations from './observation-links';

type RecordKind =
  'time_entry' | 'consent' | 'condition' | 'care_plan' | 'billing_practitioner' | 'inpatient_stay';
export type AuditTargetKind =
  | RecordKind
  | careTeam.CareTeamTargetKind
  | observations.ObservationTargetKind
  | demographics.DemographicsTargetKind;

/** Points from a change to the record it changes: the original entry and the version it replaced. */
export interface AuditLink {
  readonly relation:
    | 'corrects'
    | 'voids'
    | 'reallocates'
    | 'withdraws'
    | 'resolves'
    | 'revises'
    | 'shares'
    | 'replaces'
    | 'updates'
    | careTeam.CareTeamRelation;
  readonly kind: AuditTargetKind;
  readonly id: string;
  /** Revision of the audit entry that first recorded the target. */
  readonly originalRevision: number;
  /** Revision of the latest change to the target before this one (the original when none). */
  readonly previousRevision: number;
  /** For time corrections: the values this change replaced. */
  readonly before?: { readonly minutes: number; readonly serviceDate: string; readonly startTime: string };
}
