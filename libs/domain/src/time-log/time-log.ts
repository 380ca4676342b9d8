import { performerRoleOf } from '../practice/practice';
import type { DecisionContext } from '../patient/decision-context';
import { checkIdempotencyKey, rememberIdempotencyKey } from '../patient/idempotency';
import type { EnrolledPatient, TimeEntryState } from '../patient/patient-state';
import { accept, refuse, type Decision } from '../shared/decision';
import {
  addMinutes,
  dateOf,
  isLocalDate,
  isLocalTime,
  type LocalDate,
  type LocalDateTime,
  type LocalTime,
} from '../shared/local-time';
import {
  MAX_ENTRY_MINUTES,
  MIN_ENTRY_MINUTES,
  type TimeEntryDetails,
  type TimeLogEvent,
  type TimeProgram,
} from './time-log.events';
import { offsetToKeep, refuseOffClock, type UtcOffset } from '../shared/wall-clock';

export type TimeLogCommand =
  | {
      readonly type: 'LogTime';
      readonly data: Omit<TimeEntryDetails, 'endsAt'> & { readonly entryId: string };
    }
  | {
      readonly type: 'CorrectTime';
      readonly data: {
        readonly entryId: string;
        readonly minutes: number;
        readonly serviceDate?: LocalDate;
        readonly startTime?: LocalTime;
        /** Which occurrence of a repeated local hour the start is; the first when absent. */
        readonly startTimeOffset?: UtcOffset;
        readonly reason: string;
      };
    }
  | { readonly type: 'VoidTime'; readonly data: { readonly entryId: string; readonly reason: string } }
  | {
      readonly type: 'ReallocateTime';
      readonly data: { readonly entryId: string; readonly program: TimeProgram; readonly reason: string };
    };

const isEntryLength = (minutes: number): boolean =>
  Number.isInteger(minutes) && minutes >= MIN_ENTRY_MINUTES && minutes <= MAX_ENTRY_MINUTES;

/** Where an entry ends, when it ends on a later date than it starts (TIME-15). */
function endsAtIfCrossingMidnight(
  serviceDate: LocalDate,
  startTime: LocalTime,
  minutes: number,
): LocalDateTime | undefined {
  // Runs before validation (to recognise a re-sent entry): invalid input is refused afterwards, not thrown on here.
  // Minutes out of range too: 1e13 minutes end past any date `Date` can hold, and toISOString throws.
  if (!isLocalDate(serviceDate) || !isLocalTime(startTime) || !isEntryLength(minutes)) return undefined;
  // The entry covers [start, start + minutes): ending at 00:00 does not put a minute on the next date.
  const lastMinute = addMinutes(serviceDate, startTime, minutes - 1);
  return dateOf(lastMinute) === serviceDate ? undefined : addMinutes(serviceDate, startTime, minutes);
}

/** Checks what cannot be true of an entry's time: not when billing would count it (that is billing's call). */
function checkInterval(
  serviceDate: LocalDate,
  startTime: LocalTime,
  minutes: number,
  context: DecisionContext,
): Decision<TimeLogEvent> | undefined {
  if (!isLocalDate(serviceDate) || !isLocalTime(startTime)) {
    return refuse('TIME_INVALID', 'Service date or start time is not a valid date or time.', {
      fields: ['serviceDate', 'startTime'],
    });
  }
  if (!isEntryLength(minutes)) {
    return refuse(
      'MINUTES_OUT_OF_RANGE',
      `One entry holds ${MIN_ENTRY_MINUTES} to ${MAX_ENTRY_MINUTES} whole minutes.`,
      {
        fields: ['minutes'],
      },
    );
  }
  if (addMinutes(serviceDate, startTime, minutes) > context.nowLocal) {
    return refuse('TIME_IN_FUTURE', 'Time cannot be logged for minutes that have not happened yet.', {
      fields: ['serviceDate', 'startTime', 'minutes'],
    });
  }
  return undefined;
}

/** The entry a correction, reallocation or void names, or why it cannot change. */
function changeableEntry(
  state: EnrolledPatient,
  entryId: string,
): { readonly entry: TimeEntryState } | { readonly refusal: Decision<TimeLogEvent> } {
  const entry = state.timeEntries.get(entryId);
  if (!entry)
    return { refusal: refuse('ENTRY_NOT_FOUND', 'No time entry with this id.', { fields: ['entryId'] }) };
  if (entry.status === 'voided')
    return { refusal: refuse('ENTRY_VOIDED', 'This time entry was voided and cannot change.') };
  return { entry };
}

export function decideTimeLog(
  command: TimeLogCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Decision<TimeLogEvent> {
  switch (command.type) {
    case 'LogTime': {
      const { startTimeOffset: givenOffset, ...data } = command.data;
      const timeZone = context.practice.timeZone;
      const endsAt = endsAtIfCrossingMidnight(data.serviceDate, data.startTime, data.minutes);
      const startTimeOffset = offsetToKeep(`${data.serviceDate}T${data.startTime}`, timeZone, givenOffset);
      const logged = {
        ...data,
        ...(startTimeOffset ? { startTimeOffset } : {}),
        ...(endsAt ? { endsAt } : {}),
      };
      const replay = checkIdempotencyKey<TimeLogEvent>(
        state,
        `time:${data.entryId}`,
        logged,
        'ENTRY_ID_REUSED',
      );
      if (replay) return replay;
      const invalid =
        checkInterval(data.serviceDate, data.startTime, data.minutes, context) ??
        refuseOffClock<TimeLogEvent>(
          { startTime: { local: `${data.serviceDate}T${data.startTime}`, offset: givenOffset } },
          timeZone,
        );
      if (invalid) return invalid;
      const rosterRole = performerRoleOf(context.practice, data.performerId);
      if (!rosterRole) {
        return refuse('PERFORMER_NOT_ON_ROSTER', 'The performer is not on the practice roster.', {
          fields: ['performerId'],
        });
      }
      if (rosterRole !== data.performerRole) {
        return refuse('PERFORMER_ROLE_MISMATCH', `The roster lists this performer as ${rosterRole}.`, {
          fields: ['performerRole'],
        });
      }
      if (Array.isArray(data.program) && new Set(data.program).size < 2) {
        return refuse('PROGRAM_INVALID', 'An unallocated entry names two or more different programs.', {
          fields: ['program'],
        });
      }
      return accept({ type: 'TimeLogged', data: logged });
    }
    case 'CorrectTime': {
      const found = changeableEntry(state, command.data.entryId);
      if ('refusal' in found) return found.refusal;
      const { entry } = found;
      const serviceDate = command.data.serviceDate ?? entry.serviceDate;
      const startTime = command.data.startTime ?? entry.startTime;
      const start = { local: `${serviceDate}T${startTime}`, offset: command.data.startTimeOffset };
      const invalid =
        checkInterval(serviceDate, startTime, command.data.minutes, context) ??
        refuseOffClock<TimeLogEvent>({ startTime: start }, context.practice.timeZone);
      if (invalid) return invalid;
      const startTimeOffset = offsetToKeep(start.local, context.practice.timeZone, start.offset);
      if (
        serviceDate === entry.serviceDate &&
        startTime === entry.startTime &&
        command.data.minutes === entry.minutes
      ) {
        return refuse('CORRECTION_CHANGES_NOTHING', 'The correction repeats what the entry already says.');
      }
      const endsAt = endsAtIfCrossingMidnight(serviceDate, startTime, command.data.minutes);
      return accept({
        type: 'TimeCorrected',
        data: {
          entryId: command.data.entryId,
          minutes: command.data.minutes,
          serviceDate,
          startTime,
          ...(startTimeOffset ? { startTimeOffset } : {}),
          ...(endsAt ? { endsAt } : {}),
          reason: command.data.reason,
          correctedBy: context.actorId,
        },
      });
    }
    case 'ReallocateTime': {
      const found = changeableEntry(state, command.data.entryId);
      if ('refusal' in found) return found.refusal;
      const { entry } = found;
      if (entry.program === command.data.program) {
        return refuse('REALLOCATION_CHANGES_NOTHING', 'The entry already belongs to this program.');
      }
      return accept({
        type: 'TimeReallocated',
        data: {
          entryId: entry.entryId,
          from: entry.program,
          program: command.data.program,
          reason: command.data.reason,
          reallocatedBy: context.actorId,
        },
      });
    }
    case 'VoidTime': {
      const found = changeableEntry(state, command.data.entryId);
      if ('refusal' in found) return found.refusal;
      return accept({
        type: 'TimeVoided',
        data: { entryId: command.data.entryId, reason: command.data.reason, voidedBy: context.actorId },
      });
    }
  }
}

export function evolveTimeLog(state: EnrolledPatient, event: TimeLogEvent): EnrolledPatient {
  switch (event.type) {
    case 'TimeLogged': {
      const { entryId, ...logged } = event.data;
      return {
        ...state,
        idempotencyKeys: rememberIdempotencyKey(state, `time:${entryId}`, event.data),
        timeEntries: state.timeEntries.set(entryId, {
          entryId,
          logged,
          loggedAtRevision: state.version,
          minutes: logged.minutes,
          serviceDate: logged.serviceDate,
          startTime: logged.startTime,
          corrections: 0,
          status: 'active',
          program: logged.program,
        }),
      };
    }
    case 'TimeCorrected': {
      const entry = state.timeEntries.get(event.data.entryId);
      if (!entry) return state;
      return {
        ...state,
        timeEntries: state.timeEntries.set(entry.entryId, {
          ...entry,
          minutes: event.data.minutes,
          serviceDate: event.data.serviceDate,
          startTime: event.data.startTime,
          corrections: entry.corrections + 1,
        }),
      };
    }
    case 'TimeReallocated': {
      const entry = state.timeEntries.get(event.data.entryId);
      if (!entry) return state;
      return {
        ...state,
        timeEntries: state.timeEntries.set(entry.entryId, { ...entry, program: event.data.program }),
      };
    }
    case 'TimeVoided': {
      const entry = state.timeEntries.get(event.data.entryId);
      if (!entry) return state;
      return {
        ...state,
        timeEntries: state.timeEntries.set(entry.entryId, { ...entry, status: 'voided' }),
      };
    }
  }
}
