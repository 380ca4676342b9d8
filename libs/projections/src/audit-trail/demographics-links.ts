import type { PatientEvent } from '@ccm/domain';
import type { AuditLink } from './audit-link';

export type DemographicsTargetKind = 'demographics';

interface Index {
  readonly original: number;
  readonly latest: number;
}

/** Where the demographics were recorded and last corrected (absent in headers stored before them). */
export interface DemographicsIndexes {
  readonly demographics?: Index;
}

type Linked = { links: AuditLink[]; indexes: DemographicsIndexes };

/**
 * Pure: a demographics correction links to the recording it corrects and to the previous correction;
 * undefined for any other event. The link names the record, not its values.
 */
export function demographicsLinks(
  header: DemographicsIndexes,
  event: PatientEvent,
  revision: number,
): Linked | undefined {
  switch (event.type) {
    case 'DemographicsRecorded':
      return { links: [], indexes: { demographics: { original: revision, latest: revision } } };
    case 'DemographicsCorrected': {
      const index = header.demographics;
      if (!index) return { links: [], indexes: {} };
      return {
        links: [
          {
            relation: 'corrects',
            kind: 'demographics',
            id: 'demographics',
            originalRevision: index.original,
            previousRevision: index.latest,
          },
        ],
        indexes: { demographics: { original: index.original, latest: revision } },
      };
    }
    default:
      return undefined;
  }
}
