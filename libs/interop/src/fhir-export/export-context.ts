import { readWallClock, type LocalDateTime, type PracticeProfile, type UtcOffset } from '@ccm/domain';
import {
  ccmUserIdSystem,
  CCM_PRACTICE_ID_SYSTEM,
  referenceTo,
  stableResourceId,
  SYSTEMS,
  type FhirReference,
  type FhirResource,
} from './fhir-resource';

/** An event as the store gives it back, revision as a plain number or the store's bigint. */
export interface StoredEvent {
  readonly id: string;
  readonly streamId: string;
  readonly revision: number | bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

/** What is exported: one patient's stream and access log, with the practice they belong to. */
export interface PatientRecordExport {
  readonly practice: PracticeProfile & { readonly practiceId: string };
  readonly patientId: string;
  /** The patient's stream, in revision order. */
  readonly events: readonly StoredEvent[];
  /** The patient's access stream (who read the record), in revision order. */
  readonly accessEvents: readonly StoredEvent[];
}

/** The metadata the export reads: who recorded an event, when, and its place in the hash chain. */
export interface ChainedMetadata {
  readonly actorId: string;
  readonly actorRole: string;
  readonly recordedAt: string;
  readonly occurredAt: string;
  readonly timeZone: string;
  readonly previousHash: string;
  readonly hash: string;
}

export function metadataOf(event: StoredEvent): ChainedMetadata {
  const raw = (event.metadata ?? {}) as Partial<Record<keyof ChainedMetadata, unknown>>;
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  return {
    actorId: text(raw.actorId),
    actorRole: text(raw.actorRole),
    recordedAt: text(raw.recordedAt),
    occurredAt: text(raw.occurredAt),
    timeZone: text(raw.timeZone),
    previousHash: text(raw.previousHash),
    hash: text(raw.hash),
  };
}

/**
 * What the mappers share while one record is exported: the people they name (each becomes one
 * Practitioner, so every reference resolves), the practice, and which events made which resource (the
 * Provenance). It is built and thrown away inside one pure export call.
 */
export class ExportContext {
  readonly patientResourceId: string;
  readonly practiceResourceId: string;
  private readonly people = new Map<string, FhirResource>();
  private readonly madeBy = new Map<string, { event: StoredEvent; targets: FhirReference[] }>();

  constructor(readonly record: PatientRecordExport) {
    const { practiceId } = record.practice;
    this.patientResourceId = stableResourceId('Patient', practiceId, record.patientId);
    this.practiceResourceId = stableResourceId('Organization', practiceId);
  }

  get practiceId(): string {
    return this.record.practice.practiceId;
  }

  get timeZone(): string {
    return this.record.practice.timeZone;
  }

  patientReference(): FhirReference {
    return { reference: `urn:uuid:${this.patientResourceId}` };
  }

  practiceReference(): FhirReference {
    return { reference: `urn:uuid:${this.practiceResourceId}` };
  }

  /** A reference to the Practitioner standing for a user or roster id, created the first time it is named. */
  person(userId: string): FhirReference {
    const existing = this.people.get(userId);
    if (existing) return referenceTo(existing);
    const npi = this.record.practice.billingPractitioners.find((p) => p.id === userId)?.npi;
    const practitioner: FhirResource = {
      resourceType: 'Practitioner',
      id: stableResourceId('Practitioner', this.practiceId, userId),
      identifier: [
        { system: ccmUserIdSystem(this.practiceId), value: userId },
        ...(npi ? [{ system: SYSTEMS.npi, value: npi }] : []),
      ],
      active: true,
    };
    this.people.set(userId, practitioner);
    return referenceTo(practitioner);
  }

  /** Notes that `event` recorded or changed `resource`, for its Provenance. */
  traces(resource: FhirResource, ...events: readonly StoredEvent[]): FhirResource {
    for (const event of events) {
      const entry = this.madeBy.get(event.id) ?? { event, targets: [] };
      if (!entry.targets.some((target) => target.reference === referenceTo(resource).reference)) {
        entry.targets.push(referenceTo(resource));
      }
      this.madeBy.set(event.id, entry);
    }
    return resource;
  }

  tracedEvents(): readonly { event: StoredEvent; targets: readonly FhirReference[] }[] {
    return [...this.madeBy.values()].sort((a, b) => Number(a.event.revision) - Number(b.event.revision));
  }

  practitioners(): readonly FhirResource[] {
    return [...this.people.values()];
  }

  practiceOrganization(): FhirResource {
    return {
      resourceType: 'Organization',
      id: this.practiceResourceId,
      identifier: [{ system: CCM_PRACTICE_ID_SYSTEM, value: this.practiceId }],
      active: true,
      name: this.record.practice.name,
    };
  }

  /**
   * A practice-local wall-clock value as a FHIR dateTime with its offset. An hour the clock showed twice
   * takes the offset kept with the event (else the first); an hour it skipped, which the api never
   * records, falls back to the date.
   */
  dateTime(local: LocalDateTime, keptOffset?: UtcOffset, timeZone = this.timeZone): string {
    const minute = local.slice(0, 16);
    if (minute.length < 16) return local.slice(0, 10);
    const reading = readWallClock(minute, timeZone);
    if (reading.kind === 'skipped') return minute.slice(0, 10);
    const offset =
      reading.kind === 'once'
        ? reading.offset
        : keptOffset !== undefined && reading.offsets.includes(keptOffset)
          ? keptOffset
          : reading.offsets[0];
    return `${minute}:00${offset}`;
  }
}

/** The data of an event, typed by the caller who has checked `type`. */
export const dataOf = <T>(event: StoredEvent): T => event.data as T;
