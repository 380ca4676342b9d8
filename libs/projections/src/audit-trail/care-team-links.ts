import type { PatientEvent } from '@ccm/domain';
import type { AuditLink } from './audit-link';

export type CareTeamTargetKind = 'medication' | 'designated_member';
export type CareTeamRelation = 'stops' | 'reconciles' | 'checks';

interface Index {
  readonly original: number;
  readonly latest: number;
}

/** Where each medication and the designation were recorded (absent in headers stored before them). */
export interface CareTeamIndexes {
  readonly medications?: Readonly<Record<string, Index>>;
  readonly designatedMember?: Index;
}

type Linked = { links: AuditLink[]; indexes: CareTeamIndexes };

const touch = (index: Index | undefined, revision: number): Index => ({
  original: index?.original ?? revision,
  latest: revision,
});

const link = (
  relation: AuditLink['relation'],
  kind: CareTeamTargetKind,
  id: string,
  index: Index | undefined,
): AuditLink[] =>
  index ? [{ relation, kind, id, originalRevision: index.original, previousRevision: index.latest }] : [];

/**
 * Pure: links of continuity and medication events to what they change (a medication's changes and stop
 * to its entry, a reconciliation and an adherence check to the medications they name, a designation to
 * the one it replaces); undefined for any other event.
 */
export function careTeamLinks(
  header: CareTeamIndexes,
  event: PatientEvent,
  revision: number,
): Linked | undefined {
  const medications = header.medications ?? {};
  switch (event.type) {
    case 'DesignatedCareTeamMemberAssigned':
      return { links: [], indexes: { designatedMember: touch(undefined, revision) } };
    case 'DesignatedCareTeamMemberChanged':
      return {
        links: link('replaces', 'designated_member', event.data.from, header.designatedMember),
        indexes: { designatedMember: touch(header.designatedMember, revision) },
      };
    case 'MedicationAdded':
      return {
        links: [],
        indexes: { medications: { ...medications, [event.data.medicationId]: touch(undefined, revision) } },
      };
    case 'MedicationChanged':
    case 'MedicationStopped': {
      const id = event.data.medicationId;
      return {
        links: link(
          event.type === 'MedicationChanged' ? 'updates' : 'stops',
          'medication',
          id,
          medications[id],
        ),
        indexes: { medications: { ...medications, [id]: touch(medications[id], revision) } },
      };
    }
    case 'MedicationsReconciled': {
      const ids = [...new Set(event.data.changes.map((c) => c.medicationId))];
      return {
        links: ids.flatMap((id) => link('reconciles', 'medication', id, medications[id])),
        indexes: {},
      };
    }
    case 'AdherenceChecked': {
      const id = event.data.medicationId;
      return { links: id === null ? [] : link('checks', 'medication', id, medications[id]), indexes: {} };
    }
    default:
      return undefined;
  }
}
