import type { BilledCode, CountedMinutes, NotBillable } from '@ccm/billing';
import {
  currentDateOfBirth,
  evolvePractice,
  initialPracticeState,
  patientStreamId,
  practiceStreamId,
  type Actor,
  type ConsentDisclosures,
  type LocalDate,
  type PracticeState,
} from '@ccm/domain';
import { comparePositions, parsePosition, type EventStore, type RecordedEvent } from '@ccm/event-store';
import {
  lastDayOf,
  minutesInMonth,
  patientMonthFromEvents,
  type MonthCarePlan,
  type MonthCondition,
  type MonthContact,
  type MonthTimeEntry,
  type MonthVisit,
  type PatientMonthDocument,
} from '@ccm/patient-months';
import { readWholeStream, toPracticeEvent } from '@ccm/record';
import { latestAnchor } from '../anchors';
import { monthHistoryOf, type MonthHistory } from '../month-history';
import { StreamCheck, type ChainBreak } from '../verify-chain';
import { careTeamAccessEvidence, type CareTeamAccessEvidence } from './care-team-evidence';
import { medicationEvidence, type MedicationEvidence } from './medication-evidence';

export const EVIDENCE_FORMAT = 'ccm-evidence-packet/1';

/** An event as evidence: where it sits in the chain and when it was written, beside what it says. */
export interface EventReference {
  readonly revision: number;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly hash: string;
}

export interface ConsentEvidence {
  readonly consentId: string;
  readonly program: string;
  readonly decision: string;
  readonly method: string;
  readonly obtainedAt: string;
  readonly obtainedBy: string;
  readonly billingPractitionerId: string;
  readonly disclosures: ConsentDisclosures;
  readonly documentReference: string | null;
  readonly recorded: EventReference;
  readonly withdrawal: {
    readonly withdrawnAt: string;
    readonly effectiveEndOfDay: LocalDate;
    readonly reason: string | null;
    readonly recorded: EventReference;
  } | null;
}

export interface TimeEntryEvidence {
  readonly entryId: string;
  readonly performerId: string;
  readonly performerRole: string;
  readonly performerCredential: string | null;
  readonly program: string;
  readonly activity: string;
  /** Practice-local date and start of the work, as it stands after corrections. */
  readonly occurredOn: LocalDate;
  readonly startTime: string;
  readonly minutes: number;
  /** The part of the entry inside this month (TIME-12 splits at month boundaries). */
  readonly minutesInMonth: number;
  readonly status: 'active' | 'voided';
  readonly flags: readonly string[];
  readonly logged: {
    readonly recordedAt: string;
    readonly by: string;
    readonly revision: number;
    readonly minutes: number;
    readonly occurredOn: LocalDate;
    readonly startTime: string;
  };
}

/** One change to a time entry after it was logged (TIME-16): never an edit, always a new event. */
export interface EntryChangeEvidence {
  readonly entryId: string;
  readonly kind: 'correction' | 'void' | 'reallocation';
  readonly recordedAt: string;
  readonly by: string;
  readonly revision: number;
  readonly reason: string;
  readonly change: string;
}

export interface ChainEvidence {
  readonly streamId: string;
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly headRevision: number;
  readonly headHash: string | null;
  readonly firstBreak: ChainBreak | null;
}

/** Everything a Medicare contractor asks for about one billed month, and the proof it was not altered. */
export interface EvidencePacket {
  readonly format: typeof EVIDENCE_FORMAT;
  readonly generatedAt: string;
  readonly generatedBy: { readonly userId: string; readonly role: string; readonly practiceId: string };
  readonly purpose: string;
  readonly practice: {
    readonly practiceId: string;
    readonly name: string | null;
    readonly timeZone: string;
  };
  readonly patient: {
    readonly patientId: string;
    readonly dateOfBirth: LocalDate | null;
    readonly enrolledOn: LocalDate;
    readonly careTeam: readonly string[];
  };
  readonly month: string;
  readonly billingPractitioner: {
    readonly id: string;
    readonly npi: string | null;
    readonly credential: string | null;
  };
  readonly consent: {
    readonly statusOverMonth: string;
    readonly inForceFrom: string | null;
    readonly inForceUntil: string | null;
    /** The decision governing the month (CONS-1..6), with its disclosures and the event that recorded it. */
    readonly governing: ConsentEvidence | null;
    /** Every consent decision on record by the month's end, oldest first. */
    readonly history: readonly ConsentEvidence[];
  };
  readonly carePlan: MonthCarePlan & {
    readonly shares: readonly {
      readonly version: number;
      readonly recipient: string;
      readonly method: string;
      readonly sharedOn: LocalDate;
      readonly sharedBy: string;
      readonly recorded: EventReference;
    }[];
  };
  readonly conditions: readonly MonthCondition[];
  readonly initiatingVisit: MonthVisit | null;
  readonly timeEntries: readonly TimeEntryEvidence[];
  readonly entryChanges: readonly EntryChangeEvidence[];
  readonly contacts: readonly MonthContact[];
  /** Continuity and 24/7 access: the designated member, the after-hours arrangement, after-hours contacts. */
  readonly careTeamAndAccess: CareTeamAccessEvidence;
  /** The medication list at month end, the month's reconciliations and adherence checks. */
  readonly medications: MedicationEvidence;
  readonly otherServices: readonly {
    readonly code: string;
    readonly practitionerId: string;
    readonly date: string | null;
  }[];
  readonly otherPractitionerClaims: readonly {
    readonly code: string;
    readonly practitionerId: string;
    readonly status: string | null;
  }[];
  readonly decision: {
    readonly status: string;
    readonly ruleSet: string | null;
    readonly codes: readonly BilledCode[];
    readonly countedMinutes: CountedMinutes | null;
    readonly thresholdReachedOn: LocalDate | null;
    readonly notBillable: readonly NotBillable[];
    readonly trace: readonly string[];
    /** Facts filled with the documented defaults rather than from events. */
    readonly assumed: readonly string[];
    readonly problems: readonly { readonly path: string; readonly message: string }[];
  };
  readonly claim: {
    readonly submitted: EventReference;
    readonly codes: readonly BilledCode[];
  } | null;
  /** CLAIM-4: the month as billed against the month as it stands, when it was submitted. */
  readonly amendment: (MonthHistory & { readonly amendedAfterSubmission: boolean }) | null;
  readonly integrity: {
    readonly patientStream: ChainEvidence;
    readonly practiceStream: ChainEvidence;
    readonly latestAnchor: {
      readonly anchoredAt: string;
      readonly upToPosition: string;
      readonly keyId: string;
      readonly digest: string;
      /** Events of this patient's record written before the anchor, so covered by its signature. */
      readonly patientEventsCovered: number;
    } | null;
  };
}

export class EvidenceNotFound extends Error {
  constructor() {
    super('No such patient month in this practice.');
    this.name = 'EvidenceNotFound';
  }
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const strOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const referenceTo = (event: RecordedEvent): EventReference => ({
  revision: Number(event.revision),
  recordedAt: str(event.metadata.recordedAt),
  recordedBy: str(event.metadata.actorId),
  hash: str(event.metadata.hash),
});

function verifyChain(streamId: string, events: readonly RecordedEvent[]): ChainEvidence {
  const check = new StreamCheck();
  for (const event of events) check.accept(event);
  const { ok, eventsChecked, firstBreak } = check.result();
  const head = ok ? events[events.length - 1] : undefined;
  return {
    streamId,
    ok,
    eventsChecked,
    headRevision: head ? Number(head.revision) : -1,
    headHash: head ? str(head.metadata.hash) : null,
    firstBreak: firstBreak ?? null,
  };
}

function consentsOf(events: readonly RecordedEvent[], monthEnd: string): ConsentEvidence[] {
  const consents = new Map<string, ConsentEvidence>();
  for (const event of events) {
    const d = event.data;
    if (event.type === 'ConsentRecorded') {
      if (str(d.obtainedAt) > monthEnd) continue;
      consents.set(str(d.consentId), {
        consentId: str(d.consentId),
        program: str(d.program),
        decision: str(d.decision),
        method: str(d.method),
        obtainedAt: str(d.obtainedAt),
        obtainedBy: str(d.obtainedBy),
        billingPractitionerId: str(d.billingPractitionerId),
        disclosures: d.disclosures as unknown as ConsentDisclosures,
        documentReference: strOrNull(d.documentReference),
        recorded: referenceTo(event),
        withdrawal: null,
      });
    } else if (event.type === 'ConsentWithdrawn') {
      const consent = consents.get(str(d.consentId));
      if (!consent || str(d.withdrawnAt) > monthEnd) continue;
      consents.set(consent.consentId, {
        ...consent,
        withdrawal: {
          withdrawnAt: str(d.withdrawnAt),
          effectiveEndOfDay: str(d.effectiveEndOfDay),
          reason: strOrNull(d.reason),
          recorded: referenceTo(event),
        },
      });
    }
  }
  return [...consents.values()].sort(
    (a, b) => a.obtainedAt.localeCompare(b.obtainedAt) || a.recorded.revision - b.recorded.revision,
  );
}

const programText = (program: MonthTimeEntry['program']): string =>
  typeof program === 'string' ? program : `unallocated (${program.join(', ')})`;

function flagsOf(entry: MonthTimeEntry): string[] {
  return [
    ...(entry.faceToFace ? ['face-to-face'] : []),
    ...(entry.duringBilledEm ? [`during billed E/M ${entry.duringBilledEm}`] : []),
    ...(entry.outcome === 'unsuccessful' ? ['unsuccessful attempt'] : []),
    ...(entry.patientContact ? ['patient contact'] : []),
    ...(entry.interactiveCommunication ? ['interactive communication'] : []),
    ...(entry.jointWith && entry.jointWith.length > 0 ? [`joint with ${entry.jointWith.join(', ')}`] : []),
  ];
}

function entryChangesOf(entries: readonly MonthTimeEntry[]): EntryChangeEvidence[] {
  const changes: EntryChangeEvidence[] = [];
  for (const entry of entries) {
    let before = { minutes: entry.logged.minutes, on: entry.logged.serviceDate, at: entry.logged.startTime };
    for (const c of entry.corrections) {
      changes.push({
        entryId: entry.entryId,
        kind: 'correction',
        recordedAt: c.recordedAt,
        by: c.by,
        revision: c.revision,
        reason: c.reason,
        change: `${before.minutes} min on ${before.on} ${before.at} -> ${c.minutes} min on ${c.serviceDate} ${c.startTime}`,
      });
      before = { minutes: c.minutes, on: c.serviceDate, at: c.startTime };
    }
    for (const r of entry.reallocations) {
      changes.push({
        entryId: entry.entryId,
        kind: 'reallocation',
        recordedAt: r.recordedAt,
        by: r.by,
        revision: r.revision,
        reason: r.reason,
        change: `${programText(r.from)} -> ${r.to}`,
      });
    }
    if (entry.voided) {
      changes.push({
        entryId: entry.entryId,
        kind: 'void',
        recordedAt: entry.voided.recordedAt,
        by: entry.voided.by,
        revision: entry.voided.revision,
        reason: entry.voided.reason,
        change: `${before.minutes} min no longer counted`,
      });
    }
  }
  return changes.sort((a, b) => a.revision - b.revision);
}

function practiceAsOf(events: readonly RecordedEvent[]): PracticeState {
  let state: PracticeState = initialPracticeState;
  for (const recorded of events) {
    const event = toPracticeEvent(recorded);
    if (event) state = evolvePractice(state, event);
  }
  return state;
}

/**
 * The claim evidence packet of one patient-month (DOC-1..8, CLAIM-4), built from the event store alone:
 * the month as it stands now, the month as billed, and whether the chains that hold it are intact.
 */
export async function buildEvidencePacket(
  store: EventStore,
  request: {
    readonly actor: Actor;
    readonly patientId: string;
    readonly month: string;
    readonly purpose: string;
    readonly now: Date;
  },
): Promise<EvidencePacket> {
  const { actor, patientId, month, now } = request;
  const practiceId = actor.practiceId;
  const practiceEvents = await readWholeStream(store, practiceStreamId(practiceId));
  const patientEvents = await readWholeStream(store, patientStreamId(practiceId, patientId));
  const document = patientMonthFromEvents(practiceEvents, patientEvents, month);
  if (!document || document.enrolledOn.slice(0, 7) > month) throw new EvidenceNotFound();
  const practice = practiceAsOf(practiceEvents);
  const roster = practice.status === 'registered' ? practice : undefined;
  const practitioner = roster?.billingPractitioners.find((p) => p.id === document.billingPractitionerId);
  const credentialOf = (id: string): string | null =>
    roster?.billingPractitioners.find((p) => p.id === id)?.credential ??
    roster?.staff.find((s) => s.id === id)?.credential ??
    null;
  const lastDay = lastDayOf(month);
  const consents = consentsOf(patientEvents, `${lastDay}T23:59`).filter((c) => c.program === 'CCM');
  const history = document.claim ? monthHistoryOf(practiceEvents, patientEvents, month, now) : null;
  const anchor = await latestAnchor(store);
  const anchorPosition = anchor ? parsePosition(anchor.upToPosition) : undefined;
  const decision = document.billing.decision;

  return {
    format: EVIDENCE_FORMAT,
    generatedAt: now.toISOString(),
    generatedBy: { userId: actor.userId, role: actor.role, practiceId },
    purpose: request.purpose,
    practice: { practiceId, name: roster?.name ?? null, timeZone: document.timeZone },
    patient: {
      patientId,
      // A recorded or corrected date of birth supersedes the one given at enrolment.
      dateOfBirth: currentDateOfBirth(patientEvents) ?? null,
      enrolledOn: document.enrolledOn,
      careTeam: document.careTeam,
    },
    month,
    billingPractitioner: {
      id: document.billingPractitionerId,
      npi: practitioner?.npi ?? null,
      credential: practitioner?.credential ?? null,
    },
    consent: {
      statusOverMonth: document.consent.status,
      inForceFrom: document.consent.inForceFrom,
      inForceUntil: document.consent.inForceUntil,
      governing: consents.find((c) => c.consentId === document.consent.consentId) ?? null,
      history: consents,
    },
    carePlan: { ...document.carePlan, shares: sharesOf(patientEvents, lastDay) },
    conditions: document.conditions,
    initiatingVisit: document.initiatingVisit,
    timeEntries: document.timeEntries.map((entry) => timeEntryEvidence(entry, month, credentialOf)),
    entryChanges: entryChangesOf(document.timeEntries),
    contacts: document.contacts,
    careTeamAndAccess: careTeamAccessEvidence(document),
    medications: medicationEvidence(patientEvents, month),
    otherServices: document.billing.facts.otherServicesThisMonth.map((s) => ({
      code: s.code,
      practitionerId: s.practitionerId,
      date: s.date ?? s.servicePeriod ?? null,
    })),
    otherPractitionerClaims: document.billing.facts.otherPractitionerClaimsThisMonth.map((c) => ({
      code: c.code,
      practitionerId: c.practitionerId,
      status: c.status ?? null,
    })),
    decision: {
      status: document.billing.status,
      ruleSet: decision?.ruleSet ?? null,
      codes: decision?.codes ?? [],
      countedMinutes: decision?.countedMinutes ?? null,
      thresholdReachedOn: decision?.thresholdReachedOn ?? null,
      notBillable: decision?.notBillable ?? [],
      trace: decision?.trace ?? [],
      assumed: document.billing.assumed,
      problems: document.billing.problems,
    },
    claim: claimOf(document, patientEvents),
    amendment: history && {
      ...history,
      amendedAfterSubmission: history.differences.length > 0,
    },
    integrity: {
      patientStream: verifyChain(patientStreamId(practiceId, patientId), patientEvents),
      practiceStream: verifyChain(practiceStreamId(practiceId), practiceEvents),
      latestAnchor: anchor
        ? {
            anchoredAt: anchor.anchoredAt,
            upToPosition: anchor.upToPosition,
            keyId: anchor.keyId,
            digest: anchor.digest,
            patientEventsCovered: anchorPosition
              ? patientEvents.filter((e) => comparePositions(e.position, anchorPosition) <= 0).length
              : 0,
          }
        : null,
    },
  };
}

function timeEntryEvidence(
  entry: MonthTimeEntry,
  month: string,
  credentialOf: (id: string) => string | null,
): TimeEntryEvidence {
  return {
    entryId: entry.entryId,
    performerId: entry.performerId,
    performerRole: entry.performerRole,
    performerCredential: credentialOf(entry.performerId),
    program: programText(entry.program),
    activity: entry.activity,
    occurredOn: entry.serviceDate,
    startTime: entry.startTime,
    minutes: entry.minutes,
    minutesInMonth:
      entry.status === 'active'
        ? minutesInMonth(entry.serviceDate, entry.startTime, entry.minutes, month)
        : 0,
    status: entry.status,
    flags: flagsOf(entry),
    logged: {
      recordedAt: entry.logged.recordedAt,
      by: entry.logged.by,
      revision: entry.logged.revision,
      minutes: entry.logged.minutes,
      occurredOn: entry.logged.serviceDate,
      startTime: entry.logged.startTime,
    },
  };
}

function sharesOf(events: readonly RecordedEvent[], lastDay: string): EvidencePacket['carePlan']['shares'] {
  return events
    .filter((e) => e.type === 'CarePlanShared' && str(e.data.sharedOn) <= lastDay)
    .map((e) => ({
      version: Number(e.data.version),
      recipient: str(e.data.recipient),
      method: str(e.data.method),
      sharedOn: str(e.data.sharedOn),
      sharedBy: str(e.data.sharedBy),
      recorded: referenceTo(e),
    }));
}

function claimOf(document: PatientMonthDocument, events: readonly RecordedEvent[]): EvidencePacket['claim'] {
  const submitted = events.find((e) => e.type === 'ClaimSubmitted' && e.data.serviceMonth === document.month);
  if (!document.claim || !submitted) return null;
  return { submitted: referenceTo(submitted), codes: document.claim.codes };
}
