import type { PatientEvent } from '@ccm/domain';
import type { AuditLink } from './audit-link';
import type { IndexedItem, ItemIndexes } from './item-indexes';

export type ObservationTargetKind = 'clinical_observation';

type Linked = { links: AuditLink[]; indexes: Record<string, never>; item?: IndexedItem };

/**
 * Pure: a correction or void of an observation links to its recording and its previous change, as a time
 * entry's do; undefined for any other event.
 */
export function observationLinks(
  items: ItemIndexes,
  event: PatientEvent,
  revision: number,
): Linked | undefined {
  switch (event.type) {
    case 'ClinicalObservationRecorded':
      return {
        links: [],
        indexes: {},
        item: {
          kind: 'clinical_observation',
          id: event.data.observationId,
          index: { original: revision, latest: revision },
        },
      };
    case 'ClinicalObservationCorrected':
    case 'ClinicalObservationVoided': {
      const id = event.data.observationId;
      const index = items.observation(id);
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
        indexes: {},
        item: { kind: 'clinical_observation', id, index: { ...index, latest: revision } },
      };
    }
    default:
      return undefined;
  }
}
