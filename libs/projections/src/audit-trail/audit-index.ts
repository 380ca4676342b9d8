import type { PatientEvent } from '@ccm/domain';
import type { PatientEventEnvelope } from '@ccm/patient-months';
import { claimedMonthsTouched } from './claimed-months';
import type { AuditLink, AuditTargetKind } from './audit-link';
import type { AuditNote } from './audit-entry';
import * as careTeam from './care-team-links';
import * as demographics from './demographics-links';
import * as observations from './observation-links';
import type { IndexedItem, ItemIndexes, TargetIndex, TimeEntryIndex } from './item-indexes';

/** Per patient: what was recorded where, so later changes can link to it (items apart: ItemIndexes). */
export interface AuditHeader extends careTeam.CareTeamIndexes, demographics.DemographicsIndexes {
  readonly patientId: string;
  readonly revision: number;
  readonly lastHash: string;
  readonly entries: number;
  readonly consents: Readonly<Record<string, TargetIndex>>;
  readonly conditions: Readonly<Record<string, TargetIndex>>;
  readonly carePlan: TargetIndex | null;
  readonly billingPractitioner: TargetIndex | null;
  readonly inpatientStays: Readonly<Record<string, TargetIndex>>;
  /** CLAIM-4: months with a ClaimSubmitted so far (absent in headers stored before it was kept). */
  readonly submittedMonths?: readonly string[];
}

const emptyHeader = (patientId: string): AuditHeader => ({
  patientId,
  revision: -1,
  lastHash: '',
  entries: 0,
  consents: {},
  conditions: {},
  carePlan: null,
  billingPractitioner: null,
  inpatientStays: {},
});

const touch = (index: TargetIndex | undefined, revision: number): TargetIndex => ({
  original: index?.original ?? revision,
  latest: revision,
});

const linkTo = (
  relation: AuditLink['relation'],
  kind: AuditTargetKind,
  id: string,
  index: TargetIndex | undefined,
): AuditLink[] =>
  index ? [{ relation, kind, id, originalRevision: index.original, previousRevision: index.latest }] : [];

type Linked = { links: AuditLink[]; indexes: Partial<AuditHeader>; item?: IndexedItem };

/**
 * Pure: what the audit trail adds to one event (its note), the updated header and the index of the item
 * it recorded or changed, or nothing for a revision already applied.
 */
export function evolveAudit(
  current: AuditHeader | undefined,
  envelope: PatientEventEnvelope,
  items: ItemIndexes,
): { header: AuditHeader; note: AuditNote; item?: IndexedItem } | undefined {
  if (current && envelope.revision <= current.revision) return undefined;
  const header = current ?? emptyHeader(envelope.patientId);
  const { links, indexes, item } = linksOf(header, items, envelope.event, envelope.revision);
  const event = envelope.event;
  const submitted = header.submittedMonths ?? [];
  const afterClaimOf = claimedMonthsTouched(
    event,
    'entryId' in event.data ? items.timeEntry(event.data.entryId) : undefined,
    submitted,
  );
  // The first event of a stream chains from the genesis hash, which the index has not seen.
  const intact = current === undefined || envelope.previousHash === header.lastHash;
  const note: AuditNote = {
    revision: envelope.revision,
    ...(links.length > 0 ? { links } : {}),
    ...(intact ? {} : { brokenChain: true as const }),
    ...(afterClaimOf.length > 0 ? { afterClaimOf } : {}),
  };
  return {
    header: {
      ...header,
      ...indexes,
      ...(event.type === 'ClaimSubmitted' && !submitted.includes(event.data.serviceMonth)
        ? { submittedMonths: [...submitted, event.data.serviceMonth] }
        : {}),
      revision: envelope.revision,
      lastHash: envelope.hash,
      entries: header.entries + 1,
    },
    note,
    ...(item ? { item } : {}),
  };
}

function linksOf(header: AuditHeader, items: ItemIndexes, event: PatientEvent, revision: number): Linked {
  switch (event.type) {
    case 'PatientEnrolled':
      return {
        links: [],
        indexes: {
          conditions: Object.fromEntries(
            event.data.conditions.map((c) => [c.icd10, touch(undefined, revision)]),
          ),
          billingPractitioner: touch(undefined, revision),
        },
      };
    case 'ConditionAdded':
      return {
        links: [],
        indexes: {
          conditions: { ...header.conditions, [event.data.condition.icd10]: touch(undefined, revision) },
        },
      };
    case 'ConditionResolved': {
      const index = header.conditions[event.data.icd10];
      return {
        links: linkTo('resolves', 'condition', event.data.icd10, index),
        indexes: { conditions: { ...header.conditions, [event.data.icd10]: touch(index, revision) } },
      };
    }
    case 'BillingPractitionerChanged':
      return {
        links: linkTo(
          'replaces',
          'billing_practitioner',
          event.data.from,
          header.billingPractitioner ?? undefined,
        ),
        indexes: { billingPractitioner: touch(header.billingPractitioner ?? undefined, revision) },
      };
    case 'ConsentRecorded':
      return {
        links: [],
        indexes: { consents: { ...header.consents, [event.data.consentId]: touch(undefined, revision) } },
      };
    case 'ConsentWithdrawn': {
      const index = header.consents[event.data.consentId];
      return {
        links: linkTo('withdraws', 'consent', event.data.consentId, index),
        indexes: { consents: { ...header.consents, [event.data.consentId]: touch(index, revision) } },
      };
    }
    case 'CarePlanCreated':
      return { links: [], indexes: { carePlan: touch(undefined, revision) } };
    case 'CarePlanRevised':
    case 'CarePlanShared': {
      const relation = event.type === 'CarePlanRevised' ? 'revises' : 'shares';
      const index = header.carePlan ?? undefined;
      return {
        links: linkTo(relation, 'care_plan', 'care-plan', index),
        // Sharing does not change the plan: later revisions still link to the last revision.
        indexes: event.type === 'CarePlanRevised' ? { carePlan: touch(index, revision) } : {},
      };
    }
    case 'TimeLogged': {
      const d = event.data;
      const index: TimeEntryIndex = {
        original: revision,
        latest: revision,
        minutes: d.minutes,
        serviceDate: d.serviceDate,
        startTime: d.startTime,
      };
      return { links: [], indexes: {}, item: { kind: 'time_entry', id: d.entryId, index } };
    }
    case 'TimeCorrected': {
      const d = event.data;
      const index = items.timeEntry(d.entryId);
      if (!index) return { links: [], indexes: {} };
      return {
        links: [
          {
            relation: 'corrects',
            kind: 'time_entry',
            id: d.entryId,
            originalRevision: index.original,
            previousRevision: index.latest,
            before: { minutes: index.minutes, serviceDate: index.serviceDate, startTime: index.startTime },
          },
        ],
        indexes: {},
        item: {
          kind: 'time_entry',
          id: d.entryId,
          index: {
            ...index,
            latest: revision,
            minutes: d.minutes,
            serviceDate: d.serviceDate,
            startTime: d.startTime,
          },
        },
      };
    }
    case 'TimeVoided':
    case 'TimeReallocated': {
      const index = items.timeEntry(event.data.entryId);
      if (!index) return { links: [], indexes: {} };
      const relation = event.type === 'TimeVoided' ? 'voids' : 'reallocates';
      return {
        links: linkTo(relation, 'time_entry', event.data.entryId, index),
        indexes: {},
        item: { kind: 'time_entry', id: event.data.entryId, index: { ...index, latest: revision } },
      };
    }
    case 'InpatientStayRecorded': {
      // A stay is recorded again when the patient is discharged: link the discharge to the admission.
      const stays = header.inpatientStays ?? {};
      const index = stays[event.data.stayId];
      return {
        links: linkTo('updates', 'inpatient_stay', event.data.stayId, index),
        indexes: { inpatientStays: { ...stays, [event.data.stayId]: touch(index, revision) } },
      };
    }
    default:
      return (
        careTeam.careTeamLinks(header, event, revision) ??
        observations.observationLinks(items, event, revision) ??
        demographics.demographicsLinks(header, event, revision) ?? { links: [], indexes: {} }
      );
  }
}
