import type { DecisionContext } from '../patient/decision-context';
import { todayOf } from '../patient/decision-context';
import type { EnrolledPatient } from '../patient/patient-state';
import { isBillingPractitioner } from '../practice/practice';
import { addDays } from '../remote-monitoring/remote-monitoring';
import { accept, refuse, refuseInvalidDates, type Decision } from '../shared/decision';
import { isLocalDate, toMinuteIndex, type LocalDate } from '../shared/local-time';
import { copying, type Updates } from '../shared/updates';
import { RTM_DEVICE_TYPES, RTM_PERIOD_DAYS, type RtmDeviceType, type RtmEvent } from './rtm.events';

export type RtmCommand =
  | {
      readonly type: 'EnrollInRtm';
      readonly data: {
        readonly orderingPractitionerId: string;
        readonly enrolledOn: LocalDate;
        readonly deviceType?: RtmDeviceType;
      };
    }
  | {
      readonly type: 'RecordRtmDevicePeriod';
      readonly data: {
        readonly periodId: string;
        readonly start: LocalDate;
        /** Inclusive; `start` + 29 days when not given. */
        readonly end?: LocalDate;
        readonly daysWithTransmittedData: number;
      };
    }
  | { readonly type: 'EndRtm'; readonly data: { readonly endedOn: LocalDate; readonly reason: string } };

type Result = Decision<RtmEvent>;

/** Days from `from` to `to` counting both (1 when they are the same day). */
const daysSpanned = (from: LocalDate, to: LocalDate): number =>
  Math.round((toMinuteIndex(to, '00:00') - toMinuteIndex(from, '00:00')) / (24 * 60)) + 1;

export function decideRtm(command: RtmCommand, state: EnrolledPatient, context: DecisionContext): Result {
  switch (command.type) {
    case 'EnrollInRtm':
      return enrollInRtm(command.data, state, context);
    case 'RecordRtmDevicePeriod':
      return recordDevicePeriod(command.data, state, context);
    case 'EndRtm':
      return endRtm(command.data, state, context);
  }
}

function enrollInRtm(
  data: Extract<RtmCommand, { type: 'EnrollInRtm' }>['data'],
  state: EnrolledPatient,
  context: DecisionContext,
): Result {
  const bad = refuseInvalidDates<RtmEvent>({ enrolledOn: data.enrolledOn }, isLocalDate);
  if (bad) return bad;
  const episode = state.rtm?.episode;
  if (episode && !episode.ended) {
    const same =
      episode.orderingPractitionerId === data.orderingPractitionerId &&
      episode.enrolledOn === data.enrolledOn &&
      episode.deviceType === data.deviceType;
    return same
      ? { outcome: 'already_applied', atRevision: episode.atRevision }
      : refuse('RTM_ALREADY_ENROLLED', 'The patient is enrolled in RTM; end that episode first.', {
          enrolledOn: episode.enrolledOn,
        });
  }
  if (data.deviceType !== undefined && !(RTM_DEVICE_TYPES as readonly string[]).includes(data.deviceType)) {
    return refuse('RTM_DEVICE_TYPE_INVALID', 'Not a known RTM device type.', { fields: ['deviceType'] });
  }
  if (!isBillingPractitioner(context.practice, data.orderingPractitionerId)) {
    return refuse(
      'BILLING_PRACTITIONER_NOT_ON_ROSTER',
      'RTM is ordered by a billing practitioner on the practice roster.',
      { fields: ['orderingPractitionerId'] },
    );
  }
  if (data.enrolledOn > todayOf(context)) {
    return refuse('OCCURS_IN_FUTURE', 'An RTM enrolment is recorded once it has begun.', {
      fields: ['enrolledOn'],
    });
  }
  if (episode?.ended && data.enrolledOn <= episode.ended.endedOn) {
    return refuse('RTM_DATES_INVALID', 'A new RTM episode starts after the previous one ended.', {
      fields: ['enrolledOn'],
    });
  }
  return accept({
    type: 'RtmEnrolled',
    data: {
      orderingPractitionerId: data.orderingPractitionerId,
      enrolledOn: data.enrolledOn,
      ...(data.deviceType !== undefined ? { deviceType: data.deviceType } : {}),
      recordedBy: context.actorId,
    },
  });
}

function recordDevicePeriod(
  data: Extract<RtmCommand, { type: 'RecordRtmDevicePeriod' }>['data'],
  state: EnrolledPatient,
  context: DecisionContext,
): Result {
  const bad = refuseInvalidDates<RtmEvent>({ start: data.start, end: data.end }, isLocalDate);
  if (bad) return bad;
  const end = data.end ?? addDays(data.start, RTM_PERIOD_DAYS - 1);
  if (end < data.start) {
    return refuse('RTM_DATES_INVALID', 'A device period cannot end before it starts.', { fields: ['end'] });
  }
  const length = daysSpanned(data.start, end);
  if (length > RTM_PERIOD_DAYS) {
    return refuse('RTM_PERIOD_TOO_LONG', `A device period covers at most ${RTM_PERIOD_DAYS} days.`, {
      fields: ['end'],
    });
  }
  const days = data.daysWithTransmittedData;
  if (!Number.isInteger(days) || days < 0 || days > length) {
    return refuse('RTM_DAYS_INVALID', 'Days with data are a whole number from 0 to the days of the period.', {
      fields: ['daysWithTransmittedData'],
    });
  }
  const earlier = state.rtm?.periods[data.periodId];
  if (earlier) {
    if (earlier.start !== data.start || earlier.end !== end) {
      return refuse('RTM_PERIOD_ID_REUSED', 'This period id was already used for another period.', {
        key: data.periodId,
      });
    }
    if (earlier.daysWithTransmittedData === days) {
      return { outcome: 'already_applied', atRevision: earlier.atRevision };
    }
    if (days < earlier.daysWithTransmittedData) {
      return refuse(
        'RTM_PERIOD_DAYS_DECREASED',
        'A later report of a device period cannot have fewer days with data than an earlier one.',
        { key: data.periodId, recordedDays: earlier.daysWithTransmittedData },
      );
    }
  }
  const episode = state.rtm?.episode;
  if (!episode) return refuse('RTM_NOT_ENROLLED', 'The patient is not enrolled in RTM.');
  if (!earlier) {
    if (data.start < episode.enrolledOn) {
      return refuse('RTM_PERIOD_BEFORE_ENROLMENT', 'A device period starts on or after the RTM enrolment.', {
        fields: ['start'],
        enrolledOn: episode.enrolledOn,
      });
    }
    if (episode.ended && data.start > episode.ended.endedOn) {
      return refuse('RTM_NOT_ENROLLED', 'RTM ended before this device period would start.', {
        endedOn: episode.ended.endedOn,
      });
    }
  }
  const today = todayOf(context);
  if (data.start > today) {
    return refuse('OCCURS_IN_FUTURE', 'A device period is reported once it has begun.', {
      fields: ['start'],
    });
  }
  // A day counts once data was transmitted on it, so never more days than have passed.
  const elapsed = Math.min(length, daysSpanned(data.start, today));
  if (days > elapsed) {
    return refuse('RTM_DAYS_EXCEED_ELAPSED', 'More days with data than days elapsed in the period so far.', {
      fields: ['daysWithTransmittedData'],
      elapsedDays: elapsed,
    });
  }
  const overlapping = Object.entries(state.rtm?.periods ?? {}).find(
    ([id, p]) => id !== data.periodId && p.start <= end && p.end >= data.start,
  );
  if (overlapping) {
    return refuse('RTM_PERIODS_OVERLAP', 'This device period overlaps another one.', {
      key: overlapping[0],
      fields: ['start'],
    });
  }
  return accept({
    type: 'RtmDevicePeriodRecorded',
    data: {
      periodId: data.periodId,
      start: data.start,
      end,
      daysWithTransmittedData: days,
      recordedBy: context.actorId,
    },
  });
}

function endRtm(
  data: Extract<RtmCommand, { type: 'EndRtm' }>['data'],
  state: EnrolledPatient,
  context: DecisionContext,
): Result {
  const bad = refuseInvalidDates<RtmEvent>({ endedOn: data.endedOn }, isLocalDate);
  if (bad) return bad;
  const episode = state.rtm?.episode;
  if (episode?.ended && episode.ended.endedOn === data.endedOn && episode.ended.reason === data.reason) {
    return { outcome: 'already_applied', atRevision: episode.ended.atRevision };
  }
  if (!episode || episode.ended) return refuse('RTM_NOT_ENROLLED', 'The patient is not enrolled in RTM.');
  if (data.endedOn < episode.enrolledOn) {
    return refuse('RTM_DATES_INVALID', 'RTM cannot end before it began.', {
      fields: ['endedOn'],
      enrolledOn: episode.enrolledOn,
    });
  }
  if (data.endedOn > todayOf(context)) {
    return refuse('OCCURS_IN_FUTURE', 'The end of RTM is recorded once it has happened.', {
      fields: ['endedOn'],
    });
  }
  return accept({ type: 'RtmEnded', data: { ...data, recordedBy: context.actorId } });
}

/** Keeps the latest episode and every device period (its latest report). */
export function evolveRtm(
  state: EnrolledPatient,
  event: RtmEvent,
  updates: Updates = copying,
): EnrolledPatient {
  switch (event.type) {
    case 'RtmEnrolled': {
      const { recordedBy: _recordedBy, ...episode } = event.data;
      return {
        ...state,
        rtm: { episode: { ...episode, atRevision: state.version }, periods: state.rtm?.periods ?? {} },
      };
    }
    case 'RtmDevicePeriodRecorded': {
      if (!state.rtm) return state;
      const { periodId, start, end, daysWithTransmittedData } = event.data;
      return {
        ...state,
        rtm: {
          ...state.rtm,
          periods: updates.put(state.rtm.periods, periodId, {
            start,
            end,
            daysWithTransmittedData,
            atRevision: state.version,
          }),
        },
      };
    }
    case 'RtmEnded': {
      if (!state.rtm) return state;
      const { endedOn, reason } = event.data;
      return {
        ...state,
        rtm: {
          ...state.rtm,
          episode: { ...state.rtm.episode, ended: { endedOn, reason, atRevision: state.version } },
        },
      };
    }
  }
}
