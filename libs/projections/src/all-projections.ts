import { auditTrailProjection } from './audit-trail/audit-trail.projection';
import type { Projection } from './engine/projection';
import { patientMonthsProjection } from './patient-months/patient-months.projection';
import { patientTimelineProjection } from './patient-timeline/patient-timeline.projection';

export const ALL_PROJECTIONS: readonly Projection[] = [
  patientTimelineProjection,
  auditTrailProjection,
  patientMonthsProjection,
];

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
