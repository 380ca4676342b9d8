import type { DecisionContext } from '../patient/decision-context';
import { todayOf } from '../patient/decision-context';
import type { EnrolledPatient } from '../patient/patient-state';
import { isBillingPractitioner } from '../practice/practice';
import { accept, refuse, refuseInvalidDates, type Decision, type Refusal } from '../shared/decision';
import { addMinutes, isLocalDate, toMinuteIndex, type LocalDate } from '../shared/local-time';
import type { Updates } from '../shared/updates';
import {
  DEVICE_PERIOD_DAYS,
  type DevicePeriodRecorded,
  type DevicePeriodReport,
  type EpisodeDetails,
  type EpisodeEnd,
  type EpisodeEnded,
  type EpisodeEnrolled,
  type EpisodeEvent,
  type EpisodeEventTypes,
  type MonitoringState,
} from './monitoring-episode.events';

const DAY_MINUTES = 24 * 60;

/** The date `days` after `date` (practice-local calendar days). */
export const addDays = (date: LocalDate, days: number): LocalDate =>
  addMinutes(date, '00:00', days * DAY_MINUTES).slice(0, 10);

/** RPM-1: the inclusive last day of the 30-day device period starting on `start`. */
export const devicePeriodEnd = (start: LocalDate): LocalDate => addDays(start, DEVICE_PERIOD_DAYS - 1);

/** Days from `from` to `to` counting both (1 when they are the same day). */
const daysSpanned = (from: LocalDate, to: LocalDate): number =>
  Math.round((toMinuteIndex(to, '00:00') - toMinuteIndex(from, '00:00')) / DAY_MINUTES) + 1;

/** A refusal under the program's own code; the shared rules give its message and details. */
export type EpisodeRefusal = (message: string, details?: Refusal['details']) => Decision<never>;

/**
 * The program's refusal codes (`RPM_…`, `RTM_…`), written out rather than built from its name: clients match
 * on them, and the refusal-coverage spec finds every code a decider can give where it is written.
 */
export interface EpisodeRefusals {
  readonly alreadyEnrolled: EpisodeRefusal;
  readonly notEnrolled: EpisodeRefusal;
  readonly datesInvalid: EpisodeRefusal;
  readonly daysInvalid: EpisodeRefusal;
  readonly periodIdReused: EpisodeRefusal;
  readonly periodDaysDecreased: EpisodeRefusal;
  readonly periodBeforeEnrolment: EpisodeRefusal;
  readonly daysExceedElapsed: EpisodeRefusal;
  readonly periodsOverlap: EpisodeRefusal;
}

/**
 * `fixed`: a device period is always 30 days from its start (RPM-1). `chosen`: a report may end it sooner,
 * and a period longer than 30 days is refused (RTM).
 */
export type DevicePeriodEnd =
  { readonly periodEnd: 'fixed' } | { readonly periodEnd: 'chosen'; readonly periodTooLong: EpisodeRefusal };

/** What sets one monitoring program apart from another in the rules both follow. */
export type MonitoringProgram<D extends EpisodeDetails, N extends EpisodeEventTypes> = DevicePeriodEnd & {
  /** Names it in refusal messages ("The patient is not enrolled in RPM."). */
  readonly name: 'RPM' | 'RTM';
  /** The type names of its events, written into the store forever: never derived from `name`. */
  readonly eventTypes: N;
  /** Its enrolment details in the order its event holds them; a repeated enrolment has every one equal. */
  readonly details: readonly (keyof D & string)[];
  /** Its episode and periods in the patient's state (its state key). */
  readonly read: (patient: EnrolledPatient) => MonitoringState<D> | undefined;
  readonly write: (patient: EnrolledPatient, state: MonitoringState<D>) => EnrolledPatient;
  /** Refuses details only the program knows (its device types); asked once a repeat has been ruled out. */
  readonly refuseDetails: (details: D) => Decision<never> | undefined;
  /** The refusal's message when the ordering practitioner is not a billing practitioner on the roster. */
  readonly rosterRule: string;
  readonly refusals: EpisodeRefusals;
};

/** The episode rules, decided and folded for one program. */
export interface MonitoringEpisode<D extends EpisodeDetails, N extends EpisodeEventTypes> {
  enrol(details: D, patient: EnrolledPatient, context: DecisionContext): Decision<EpisodeEvent<D, N>>;
  recordDevicePeriod(
    report: DevicePeriodReport,
    patient: EnrolledPatient,
    context: DecisionContext,
  ): Decision<EpisodeEvent<D, N>>;
  end(end: EpisodeEnd, patient: EnrolledPatient, context: DecisionContext): Decision<EpisodeEvent<D, N>>;
  /** Keeps the latest episode; its periods stay. */
  enrolled(patient: EnrolledPatient, data: EpisodeEnrolled<D>): EnrolledPatient;
  /** Keeps every device period, its latest report. */
  devicePeriodRecorded(
    patient: EnrolledPatient,
    data: DevicePeriodRecorded,
    updates: Updates,
  ): EnrolledPatient;
  ended(patient: EnrolledPatient, data: EpisodeEnded): EnrolledPatient;
}

/** Messages that say how long a program's periods are. */
const PERIOD_TEXT = {
  fixed: {
    daysInvalid: `Days with data are a whole number from 0 to ${DEVICE_PERIOD_DAYS}.`,
    idReused: 'This period id was already used for a period with another start.',
  },
  chosen: {
    daysInvalid: 'Days with data are a whole number from 0 to the days of the period.',
    idReused: 'This period id was already used for another period.',
  },
} as const;

/**
 * The episode rules RPM and RTM both follow, for one program: one open episode at a time, ordered by a billing
 * practitioner on the roster (RPM-4) and re-enrolled only after it ended (RPM-6); device periods that never
 * overlap (RPM-1, RPM-4), keyed by their id, whose days with data only grow and never outrun the days elapsed
 * (RPM-2); nothing recorded before it happened.
 */
export function monitoringEpisode<D extends EpisodeDetails, N extends EpisodeEventTypes>(
  program: MonitoringProgram<D, N>,
): MonitoringEpisode<D, N> {
  type Result = Decision<EpisodeEvent<D, N>>;
  const { name, eventTypes, read, write, refusals } = program;
  const text = PERIOD_TEXT[program.periodEnd];

  /** The program's details from `data`, in its order, without those not given (an optional device type). */
  const detailsOf = (data: D): D => {
    const details: Partial<D> = {};
    for (const key of program.details) if (data[key] !== undefined) details[key] = data[key];
    return details as D;
  };

  return {
    enrol(data, patient, context): Result {
      const bad = refuseInvalidDates<EpisodeEvent<D, N>>({ enrolledOn: data.enrolledOn }, isLocalDate);
      if (bad) return bad;
      const episode = read(patient)?.episode;
      if (episode && !episode.ended) {
        return program.details.every((key) => episode[key] === data[key])
          ? { outcome: 'already_applied', atRevision: episode.atRevision }
          : refusals.alreadyEnrolled(`The patient is enrolled in ${name}; end that episode first.`, {
              enrolledOn: episode.enrolledOn,
            });
      }
      const invalid = program.refuseDetails(data);
      if (invalid) return invalid;
      if (!isBillingPractitioner(context.practice, data.orderingPractitionerId)) {
        return refuse('BILLING_PRACTITIONER_NOT_ON_ROSTER', program.rosterRule, {
          fields: ['orderingPractitionerId'],
        });
      }
      if (data.enrolledOn > todayOf(context)) {
        return refuse('OCCURS_IN_FUTURE', `An ${name} enrolment is recorded once it has begun.`, {
          fields: ['enrolledOn'],
        });
      }
      if (episode?.ended && data.enrolledOn <= episode.ended.endedOn) {
        return refusals.datesInvalid(`A new ${name} episode starts after the previous one ended.`, {
          fields: ['enrolledOn'],
        });
      }
      return accept({
        type: eventTypes.enrolled,
        data: { ...detailsOf(data), recordedBy: context.actorId },
      });
    },

    recordDevicePeriod(report, patient, context): Result {
      const { periodId, start } = report;
      const chosenEnd = program.periodEnd === 'chosen' ? report.end : undefined;
      const bad = refuseInvalidDates<EpisodeEvent<D, N>>(
        program.periodEnd === 'chosen' ? { start, end: chosenEnd } : { start },
        isLocalDate,
      );
      if (bad) return bad;
      const end = chosenEnd ?? devicePeriodEnd(start);
      const length = daysSpanned(start, end);
      if (program.periodEnd === 'chosen') {
        if (end < start) {
          return refusals.datesInvalid('A device period cannot end before it starts.', { fields: ['end'] });
        }
        if (length > DEVICE_PERIOD_DAYS) {
          return program.periodTooLong(`A device period covers at most ${DEVICE_PERIOD_DAYS} days.`, {
            fields: ['end'],
          });
        }
      }
      const days = report.daysWithTransmittedData;
      if (!Number.isInteger(days) || days < 0 || days > length) {
        return refusals.daysInvalid(text.daysInvalid, { fields: ['daysWithTransmittedData'] });
      }
      const state = read(patient);
      const earlier = state?.periods[periodId];
      if (earlier) {
        // A fixed period's end follows from its start, so only a chosen end can tell two periods apart by it.
        if (earlier.start !== start || earlier.end !== end) {
          return refusals.periodIdReused(text.idReused, { key: periodId });
        }
        if (earlier.daysWithTransmittedData === days) {
          return { outcome: 'already_applied', atRevision: earlier.atRevision };
        }
        if (days < earlier.daysWithTransmittedData) {
          return refusals.periodDaysDecreased(
            'A later report of a device period cannot have fewer days with data than an earlier one.',
            { key: periodId, recordedDays: earlier.daysWithTransmittedData },
          );
        }
      }
      const episode = state?.episode;
      if (!episode) return refusals.notEnrolled(`The patient is not enrolled in ${name}.`);
      if (!earlier) {
        if (start < episode.enrolledOn) {
          return refusals.periodBeforeEnrolment(`A device period starts on or after the ${name} enrolment.`, {
            fields: ['start'],
            enrolledOn: episode.enrolledOn,
          });
        }
        if (episode.ended && start > episode.ended.endedOn) {
          return refusals.notEnrolled(`${name} ended before this device period would start.`, {
            endedOn: episode.ended.endedOn,
          });
        }
      }
      const today = todayOf(context);
      if (start > today) {
        return refuse('OCCURS_IN_FUTURE', 'A device period is reported once it has begun.', {
          fields: ['start'],
        });
      }
      // RPM-2: a day counts once data was transmitted on it, so never more days than have passed.
      const elapsed = Math.min(length, daysSpanned(start, today));
      if (days > elapsed) {
        return refusals.daysExceedElapsed('More days with data than days elapsed in the period so far.', {
          fields: ['daysWithTransmittedData'],
          elapsedDays: elapsed,
        });
      }
      const overlapping = Object.entries(state?.periods ?? {}).find(
        ([id, p]) => id !== periodId && p.start <= end && p.end >= start,
      );
      if (overlapping) {
        // RPM-1, RPM-4: one device period at a time, whatever the number of devices.
        return refusals.periodsOverlap('This device period overlaps another one.', {
          key: overlapping[0],
          fields: ['start'],
        });
      }
      return accept({
        type: eventTypes.devicePeriodRecorded,
        data: { periodId, start, end, daysWithTransmittedData: days, recordedBy: context.actorId },
      });
    },

    end(data, patient, context): Result {
      const bad = refuseInvalidDates<EpisodeEvent<D, N>>({ endedOn: data.endedOn }, isLocalDate);
      if (bad) return bad;
      const episode = read(patient)?.episode;
      if (episode?.ended && episode.ended.endedOn === data.endedOn && episode.ended.reason === data.reason) {
        return { outcome: 'already_applied', atRevision: episode.ended.atRevision };
      }
      if (!episode || episode.ended) return refusals.notEnrolled(`The patient is not enrolled in ${name}.`);
      if (data.endedOn < episode.enrolledOn) {
        return refusals.datesInvalid(`${name} cannot end before it began.`, {
          fields: ['endedOn'],
          enrolledOn: episode.enrolledOn,
        });
      }
      if (data.endedOn > todayOf(context)) {
        return refuse('OCCURS_IN_FUTURE', `The end of ${name} is recorded once it has happened.`, {
          fields: ['endedOn'],
        });
      }
      return accept({ type: eventTypes.ended, data: { ...data, recordedBy: context.actorId } });
    },

    enrolled(patient, data) {
      return write(patient, {
        episode: { ...detailsOf(data), atRevision: patient.version },
        periods: read(patient)?.periods ?? {},
      });
    },

    devicePeriodRecorded(patient, data, updates) {
      const state = read(patient);
      if (!state) return patient;
      const { periodId, start, end, daysWithTransmittedData } = data;
      return write(patient, {
        ...state,
        periods: updates.put(state.periods, periodId, {
          start,
          end,
          daysWithTransmittedData,
          atRevision: patient.version,
        }),
      });
    },

    ended(patient, data) {
      const state = read(patient);
      if (!state) return patient;
      const { endedOn, reason } = data;
      return write(patient, {
        ...state,
        episode: { ...state.episode, ended: { endedOn, reason, atRevision: patient.version } },
      });
    },
  };
}
