import type { ContactDetails, LocalDate, LocalDateTime, PerformerRole, TimeProgram } from '@ccm/domain';
import type { PatientEventEnvelope } from './events/decode';
import { monthsOfInterval } from './calendar';

/** A time entry as it stands now (corrections applied), with its history for the audit (TIME-16). */
export interface MonthTimeEntry {
  readonly entryId: string;
  readonly performerId: string;
  readonly performerRole: PerformerRole;
  readonly program: TimeProgram | readonly TimeProgram[];
  readonly activity: string;
  readonly serviceDate: LocalDate;
  readonly startTime: string;
  readonly minutes: number;
  readonly endsAt: LocalDateTime | null;
  readonly status: 'active' | 'voided';
  readonly faceToFace?: boolean;
  readonly duringBilledEm?: string;
  readonly outcome?: 'unsuccessful';
  readonly patientContact?: boolean;
  readonly interactiveCommunication?: boolean;
  readonly jointWith?: readonly string[];
  readonly logged: {
    readonly revision: number;
    readonly recordedAt: string;
    readonly by: string;
    readonly minutes: number;
    readonly serviceDate: LocalDate;
    readonly startTime: string;
  };
  readonly corrections: readonly {
    readonly revision: number;
    readonly recordedAt: string;
    readonly recordedAtLocal: string;
    readonly by: string;
    readonly reason: string;
    readonly minutes: number;
    readonly serviceDate: LocalDate;
    readonly startTime: string;
  }[];
  /** TIME-18: assignments to a single program after the entry was logged. */
  readonly reallocations: readonly {
    readonly revision: number;
    readonly recordedAt: string;
    readonly recordedAtLocal: string;
    readonly by: string;
    readonly reason: string;
    readonly from: TimeProgram | readonly TimeProgram[];
    readonly to: TimeProgram;
  }[];
  readonly voided: {
    readonly revision: number;
    readonly recordedAt: string;
    readonly recordedAtLocal: string;
    readonly by: string;
    readonly reason: string;
  } | null;
}

export interface MonthContact extends ContactDetails {
  readonly contactId: string;
  readonly recordedBy: string;
  readonly revision: number;
}

export interface MonthActivity {
  readonly timeEntries: readonly MonthTimeEntry[];
  readonly contacts: readonly MonthContact[];
}

export const EMPTY_ACTIVITY: MonthActivity = { timeEntries: [], contacts: [] };

const byTime = (a: MonthTimeEntry, b: MonthTimeEntry): number =>
  `${a.serviceDate}T${a.startTime}`.localeCompare(`${b.serviceDate}T${b.startTime}`) ||
  a.entryId.localeCompare(b.entryId);

function putEntry(activity: MonthActivity, entry: MonthTimeEntry): MonthActivity {
  return {
    ...activity,
    timeEntries: [...activity.timeEntries.filter((e) => e.entryId !== entry.entryId), entry].sort(byTime),
  };
}

function removeEntry(activity: MonthActivity, entryId: string): MonthActivity {
  return { ...activity, timeEntries: activity.timeEntries.filter((e) => e.entryId !== entryId) };
}

/** The time entry an event changes after it was logged (corrected, voided, reallocated). */
export function entryChangedBy(event: PatientEventEnvelope['event']): string | undefined {
  return event.type === 'TimeCorrected' || event.type === 'TimeVoided' || event.type === 'TimeReallocated'
    ? event.data.entryId
    : undefined;
}

/** Where a time entry's minutes lie: the months it was placed in when logged or last corrected. */
export type EntryPlacements = (entryId: string) => readonly string[] | undefined;

/** Months whose activity an event reads or changes, given where each entry lies. */
export function activityMonthsOf(envelope: PatientEventEnvelope, placedIn: EntryPlacements): string[] {
  const { event } = envelope;
  switch (event.type) {
    case 'TimeLogged':
      return monthsOfInterval(event.data.serviceDate, event.data.startTime, event.data.minutes);
    case 'TimeCorrected': {
      const before = placedIn(event.data.entryId);
      if (!before) return [];
      return [
        ...new Set([
          ...before,
          ...monthsOfInterval(event.data.serviceDate, event.data.startTime, event.data.minutes),
        ]),
      ];
    }
    case 'TimeVoided':
    case 'TimeReallocated':
      return [...(placedIn(event.data.entryId) ?? [])];
    case 'ContactRecorded':
      return [event.data.occurredAt.slice(0, 7)];
    default:
      return [];
  }
}

/**
 * Pure: applies a time or contact event to the activity of the months it concerns (as loaded, keyed by
 * month) and returns the months it changed. An entry lives in every month it has minutes in.
 */
export function evolveActivity(
  activities: ReadonlyMap<string, MonthActivity>,
  envelope: PatientEventEnvelope,
): Map<string, MonthActivity> {
  const { event } = envelope;
  const changed = new Map<string, MonthActivity>();
  const activityOf = (month: string): MonthActivity =>
    changed.get(month) ?? activities.get(month) ?? EMPTY_ACTIVITY;
  const findEntry = (entryId: string): MonthTimeEntry | undefined => {
    for (const activity of activities.values()) {
      const entry = activity.timeEntries.find((e) => e.entryId === entryId);
      if (entry) return entry;
    }
    return undefined;
  };
  switch (event.type) {
    case 'TimeLogged': {
      const { entryId, endsAt, ...d } = event.data;
      const entry: MonthTimeEntry = {
        entryId,
        ...d,
        endsAt: endsAt ?? null,
        status: 'active',
        logged: {
          revision: envelope.revision,
          recordedAt: envelope.recordedAt,
          by: envelope.actorId,
          minutes: d.minutes,
          serviceDate: d.serviceDate,
          startTime: d.startTime,
        },
        corrections: [],
        reallocations: [],
        voided: null,
      };
      for (const month of monthsOfInterval(d.serviceDate, d.startTime, d.minutes)) {
        changed.set(month, putEntry(activityOf(month), entry));
      }
      return changed;
    }
    case 'TimeCorrected': {
      const d = event.data;
      const entry = findEntry(d.entryId);
      if (!entry) return changed;
      const corrected: MonthTimeEntry = {
        ...entry,
        minutes: d.minutes,
        serviceDate: d.serviceDate,
        startTime: d.startTime,
        endsAt: d.endsAt ?? null,
        corrections: [
          ...entry.corrections,
          {
            revision: envelope.revision,
            recordedAt: envelope.recordedAt,
            recordedAtLocal: envelope.recordedAtLocal,
            by: d.correctedBy,
            reason: d.reason,
            minutes: d.minutes,
            serviceDate: d.serviceDate,
            startTime: d.startTime,
          },
        ],
      };
      const after = new Set(monthsOfInterval(d.serviceDate, d.startTime, d.minutes));
      for (const [month, activity] of activities) {
        if (!after.has(month) && activity.timeEntries.some((e) => e.entryId === d.entryId)) {
          changed.set(month, removeEntry(activity, d.entryId));
        }
      }
      for (const month of after) changed.set(month, putEntry(activityOf(month), corrected));
      return changed;
    }
    case 'TimeVoided': {
      const entry = findEntry(event.data.entryId);
      if (!entry) return changed;
      const voided: MonthTimeEntry = {
        ...entry,
        status: 'voided',
        voided: {
          revision: envelope.revision,
          recordedAt: envelope.recordedAt,
          recordedAtLocal: envelope.recordedAtLocal,
          by: event.data.voidedBy,
          reason: event.data.reason,
        },
      };
      for (const [month, activity] of activities) {
        if (activity.timeEntries.some((e) => e.entryId === entry.entryId))
          changed.set(month, putEntry(activity, voided));
      }
      return changed;
    }
    case 'TimeReallocated': {
      const d = event.data;
      const entry = findEntry(d.entryId);
      if (!entry) return changed;
      const reallocated: MonthTimeEntry = {
        ...entry,
        program: d.program,
        reallocations: [
          ...(entry.reallocations ?? []),
          {
            revision: envelope.revision,
            recordedAt: envelope.recordedAt,
            recordedAtLocal: envelope.recordedAtLocal,
            by: d.reallocatedBy,
            reason: d.reason,
            from: d.from,
            to: d.program,
          },
        ],
      };
      for (const [month, activity] of activities) {
        if (activity.timeEntries.some((e) => e.entryId === d.entryId))
          changed.set(month, putEntry(activity, reallocated));
      }
      return changed;
    }
    case 'ContactRecorded': {
      const { contactId, recordedBy, ...details } = event.data;
      const month = details.occurredAt.slice(0, 7);
      const activity = activityOf(month);
      const contact: MonthContact = { contactId, ...details, recordedBy, revision: envelope.revision };
      const contacts = [...activity.contacts.filter((c) => c.contactId !== contactId), contact].sort(
        (a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.contactId.localeCompare(b.contactId),
      );
      changed.set(month, { ...activity, contacts });
      return changed;
    }
    default:
      return changed;
  }
}
