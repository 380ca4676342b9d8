import { auditTrailProjection } from './audit-trail/audit-trail.projection';
import { careOutcomesProjection } from './care-outcomes/care-outcomes.projection';
import { enrolmentFunnelProjection } from './enrolment-funnel/enrolment-funnel.projection';
import type { Projection } from './engine/projection';
import { patientMonthsProjection } from './patient-months/patient-months.projection';

export const ALL_PROJECTIONS: readonly Projection[] = [
  auditTrailProjection,
  patientMonthsProjection,
  careOutcomesProjection,
  enrolmentFunnelProjection,
];

/**
 * Read models under names the system no longer has, and the read model that replaced each: a projector
 * drops them once it has built their replacement.
 */
export const RETIRED_READ_MODELS: Readonly<Record<string, string>> = {
  'billable-months': 'patient-months',
  worklist: 'patient-months',
  'program-metrics': 'patient-months',
  'patient-timeline': 'audit-trail',
};

/** The layout today's code reads and writes for a read model (undefined: not one of ours). */
export const layoutOf = (name: string): number | undefined =>
  ALL_PROJECTIONS.find((p) => p.name === name)?.layout;

export class UnknownProjectionError extends Error {
  override readonly name = 'UnknownProjectionError';
}

/** The projections with these names, in registry order; all of them when no name is given. */
export function projectionsNamed(names: readonly string[] | undefined): Projection[] {
  if (!names || names.length === 0) return [...ALL_PROJECTIONS];
  const unknown = names.filter((n) => !ALL_PROJECTIONS.some((p) => p.name === n));
  if (unknown.length > 0) {
    throw new UnknownProjectionError(
      `unknown read model ${unknown.join(', ')} (known: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')})`,
    );
  }
  return ALL_PROJECTIONS.filter((p) => names.includes(p.name));
}
