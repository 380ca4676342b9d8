import type { PatientEvent } from '@ccm/domain';
import type { AuditLink } from './audit-link';

export type ObservationTargetKind = 'clinical_observation';

interface Index {
  readonly original: number;
  readonly latest: number;
}

/** Where each clinical observation was recorded and last changed (absent in headers stored before them). */
export interface ObservationIndexes {
  readonly observations?: Readonly<Record<string, Index>>;
}

type Linked = { links: AuditLink[]; indexes: ObservationIndexes };

/**
 * Pure: a correction or void of an observation links to its recording and its previous change, as a time
 * entry's do; undefined for any other event.
 */
export function observationLinks(
  header: ObservationIndexes,
  event: PatientEvent,
  revision: number,
): Linked | undefined {
  const observations = header.observations ?? {};
  switch (event.type) {
    case 'ClinicalObservationRecorded':
      return {
        links: [],
        indexes: {
          observations: {
            ...observations,
            [event.data.observationId]: { original: revision, latest: revision },
          },
        },
      };
    case 'ClinicalObservationCorrected':
    case 'ClinicalObservationVoided': {
      const id = event.data.observationId;
      const index = observations[id];
      if (!index) return { links: [], indexes: {} };
      return {
        links: [
          {
            relation: event.type === 'ClinicalObservationCorrected' ? 'corrects' : 'voids',
            kind: 'clinical_observation',
            id,
            originalRevision: index.original,
            previousRevision: index.latest,
          },
        ],
        indexes: { observations: { ...observations, [id]: { ...index, latest: revision } } },
      };
    }
    default:
      return undefined;
  }
}
