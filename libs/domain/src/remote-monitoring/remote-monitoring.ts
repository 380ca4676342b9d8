import type { DecisionContext } from '../patient/decision-context';
import { todayOf } from '../patient/decision-context';
import type { EnrolledPatient } from '../patient/patient-state';
import { isBillingPractitioner } from '../practice/practice';
import { accept, refuse, refuseInvalidDates, type Decision } from '../shared/decision';
import { addMinutes, isLocalDate, isLocalMonth, toMinuteIndex, type LocalDate } from '../shared/local-time';
import { copying, type Updates } from '../shared/updates';
import {
  RPM_DEVICE_TYPES,
  RPM_PERIOD_DAYS,
  type RemoteMonitoringEvent,
  type RpmDeviceType,
} from './remote-monitoring.events';

export type RemoteMonitoringCommand =
  | {
      readonly type: 'EnrollInRpm';
      readonly data: {
        readonly deviceType: RpmDeviceType;
        readonly orderingPractitionerId: string;
        readonly enrolledOn: LocalDate;
        readonly consentDocumented: boolean;
        readonly establishedPatient: boolean;
      };
    }
  | {
      readonly type: 'RecordRpmDevicePeriod';
      readonly data: {
        readonly periodId: string;
        readonly start: LocalDate;
        readonly daysWithTransmittedData: number;
      };
    }
  | { readonly type: 'EndRpm'; readonly data: { readonly endedOn: LocalDate; readonly reason: string } }
  | {
      readonly type: 'RecordApcmAttestation';
      readonly data: {
        readonly fromMonth: string;
        readonly practitionerId: string;
        readonly responsibleForAllPrimaryCare: boolean;
        readonly serviceElementsInPlace: boolean;
      };
    };

const DAY_MINUTES = 24 * 60;

/** The date `days` after `date` (practice-local calendar days). */
export const addDays = (date: LocalDate, days: number): LocalDate =>
  addMinutes(date, '00:00', days * DAY_MINUTES).slice(0, 10);

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
const daysBetween = (from: LocalDate, to: LocalDate): number =>
  Math.round((toMinuteIndex(to, '00:00') - toMinuteIndex(from, '00:00')) / DAY_MINUTES);

/** RPM-1: the inclusive last day of the 30-day device period starting on `start`. */
export const rpmPeriodEnd = (start: LocalDate): LocalDate => addDays(start, RPM_PERIOD_DAYS - 1);

type Result = Decision<RemoteMonitoringEvent>;

export function decideRemoteMonitoring(
  command: RemoteMonitoringCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Result {
  switch (command.type) {
    case 'EnrollInRpm':
      return enrollInRpm(command.data, state, context);
    case 'RecordRpmDevicePeriod':
      return recordDevicePeriod(command.data, state, context);
    case 'EndRpm':
      return endRpm(command.data, state, context);
    case 'RecordApcmAttestation':
      return recordApcmAttestation(command.data, context);
  }
}

function enrollInRpm(
  data: Extract<RemoteMonitoringCommand, { type: 'EnrollInRpm' }>['data'],
  state: EnrolledPatient,
  context: DecisionContext,
): Result {
  const bad = refuseInvalidDates<RemoteMonitoringEvent>({ enrolledOn: data.enrolledOn }, isLocalDate);
  if (bad) return bad;
  const episode = state.rpm?.episode;
  if (episode && !episode.ended) {
    const same =
      episode.deviceType === data.deviceType &&
      episode.orderingPractitionerId === data.orderingPractitionerId &&
      episode.enrolledOn === data.enrolledOn &&
      episode.consentDocumented === data.consentDocumented &&
      episode.establishedPatient === data.establishedPatient;
    return same
      ? { outcome: 'already_applied', atRevision: episode.atRevision }
      : refuse('RPM_ALREADY_ENROLLED', 'The patient is enrolled in RPM; end that episode first.', {
          enrolledOn: episode.enrolledOn,
        });
  }
  if (!(RPM_DEVICE_TYPES as readonly string[]).includes(data.deviceType)) {
    return refuse('RPM_DEVICE_TYPE_INVALID', 'Not a known RPM device type.', { fields: ['deviceType'] });
  }
  if (!isBillingPractitioner(context.practice, data.orderingPractitionerId)) {
    return refuse(
      'BILLING_PRACTITIONER_NOT_ON_ROSTER',
      'RPM is ordered and billed by a billing practitioner on the practice roster (RPM-4).',
      { fields: ['orderingPractitionerId'] },
    );
  }
  if (data.enrolledOn > todayOf(context)) {
    return refuse('OCCURS_IN_FUTURE', 'An RPM enrolment is recorded once it has begun.', {
      fields: ['enrolledOn'],
    });
  }
  if (episode?.ended && data.enrolledOn <= episode.ended.endedOn) {
    return refuse('RPM_DATES_INVALID', 'A new RPM episode starts after the previous one ended.', {
      fields: ['enrolledOn'],
    });
  }
  // An enrolment whose consent is not documented yet happened: it is recorded, and billing refuses the RPM
  // codes until a consent is (CONS-1), rather than the record losing the enrolment.
  return accept({
    type: 'RpmEnrolled',
    data: { ...data, recordedBy: context.actorId },
  });
}

function recordDevicePeriod(
  data: Extract<RemoteMonitoringCommand, { type: 'RecordRpmDevicePeriod' }>['data'],
  state: EnrolledPatient,
  context: DecisionContext,
): Result {
  const bad = refuseInvalidDates<RemoteMonitoringEvent>({ start: data.start }, isLocalDate);
  if (bad) return bad;
  const days = data.daysWithTransmittedData;
  if (!Number.isInteger(days) || days < 0 || days > RPM_PERIOD_DAYS) {
    return refuse('RPM_DAYS_INVALID', `Days with data are a whole number from 0 to ${RPM_PERIOD_DAYS}.`, {
      fields: ['daysWithTransmittedData'],
    });
  }
  const earlier = state.rpm?.periods[data.periodId];
  if (earlier) {
    if (earlier.start !== data.start) {
      return refuse(
        'RPM_PERIOD_ID_REUSED',
        'This period id was already used for a period with another start.',
        {
          key: data.periodId,
        },
      );
    }
    if (earlier.daysWithTransmittedData === days) {
      return { outcome: 'already_applied', atRevision: earlier.atRevision };
    }
    if (days < earlier.daysWithTransmittedData) {
      return refuse(
        'RPM_PERIOD_DAYS_DECREASED',
        'A later report of a device period cannot have fewer days with data than an earlier one.',
        { key: data.periodId, recordedDays: earlier.daysWithTransmittedData },
      );
    }
  }
  const episode = state.rpm?.episode;
  if (!episode) return refuse('RPM_NOT_ENROLLED', 'The patient is not enrolled in RPM.');
  if (!earlier) {
    if (data.start < episode.enrolledOn) {
      return refuse('RPM_PERIOD_BEFORE_ENROLMENT', 'A device period starts on or after the RPM enrolment.', {
        fields: ['start'],
        enrolledOn: episode.enrolledOn,
      });
    }
    if (episode.ended && data.start > episode.ended.endedOn) {
      return refuse('RPM_NOT_ENROLLED', 'RPM ended before this device period would start.', {
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
  // RPM-2: a day counts once data was transmitted on it, so never more days than have passed.
  const elapsed = Math.min(RPM_PERIOD_DAYS, daysBetween(data.start, today) + 1);
  if (days > elapsed) {
    return refuse('RPM_DAYS_EXCEED_ELAPSED', 'More days with data than days elapsed in the period so far.', {
      fields: ['daysWithTransmittedData'],
      elapsedDays: elapsed,
    });
  }
  const end = rpmPeriodEnd(data.start);
  const overlapping = Object.entries(state.rpm?.periods ?? {}).find(
    ([id, p]) => id !== data.periodId && p.start <= end && p.end >= data.start,
  );
  if (overlapping) {
    // RPM-1, RPM-4: one device period at a time, whatever the number of devices.
    return refuse('RPM_PERIODS_OVERLAP', 'This device period overlaps another one.', {
      key: overlapping[0],
      fields: ['start'],
    });
  }
  return accept({
    type: 'RpmDevicePeriodRecorded',
    data: {
      periodId: data.periodId,
      start: data.start,
      end,
      daysWithTransmittedData: days,
      recordedBy: context.actorId,
    },
  });
}

function endRpm(
  data: Extract<RemoteMonitoringCommand, { type: 'EndRpm' }>['data'],
  state: EnrolledPatient,
  context: DecisionContext,
): Result {
  const bad = refuseInvalidDates<RemoteMonitoringEvent>({ endedOn: data.endedOn }, isLocalDate);
  if (bad) return bad;
  const episode = state.rpm?.episode;
  if (episode?.ended && episode.ended.endedOn === data.endedOn && episode.ended.reason === data.reason) {
    return { outcome: 'already_applied', atRevision: episode.ended.atRevision };
  }
  if (!episode || episode.ended) return refuse('RPM_NOT_ENROLLED', 'The patient is not enrolled in RPM.');
  if (data.endedOn < episode.enrolledOn) {
    return refuse('RPM_DATES_INVALID', 'RPM cannot end before it began.', {
      fields: ['endedOn'],
      enrolledOn: episode.enrolledOn,
    });
  }
  if (data.endedOn > todayOf(context)) {
    return refuse('OCCURS_IN_FUTURE', 'The end of RPM is recorded once it has happened.', {
      fields: ['endedOn'],
    });
  }
  return accept({ type: 'RpmEnded', data: { ...data, recordedBy: context.actorId } });
}

function recordApcmAttestation(
  data: Extract<RemoteMonitoringCommand, { type: 'RecordApcmAttestation' }>['data'],
  context: DecisionContext,
): Result {
  if (!isLocalMonth(data.fromMonth)) {
    return refuse('DATE_INVALID', 'Not a month YYYY-MM.', { fields: ['fromMonth'] });
  }
  if (!isBillingPractitioner(context.practice, data.practitionerId)) {
    return refuse(
      'BILLING_PRACTITIONER_NOT_ON_ROSTER',
      'APCM is attested by the billing practitioner responsible for all primary care (APCM-2).',
      { fields: ['practitionerId'] },
    );
  }
  if (data.fromMonth > todayOf(context).slice(0, 7)) {
    return refuse('OCCURS_IN_FUTURE', 'An attestation applies from a month that has begun.', {
      fields: ['fromMonth'],
    });
  }
  return accept({ type: 'ApcmAttestationRecorded', data: { ...data, attestedBy: context.actorId } });
}

/** Keeps the latest episode and every device period (its latest report); the attestation is read by billing only. */
export function evolveRemoteMonitoring(
  state: EnrolledPatient,
  event: RemoteMonitoringEvent,
  updates: Updates = copying,
): EnrolledPatient {
  switch (event.type) {
    case 'RpmEnrolled': {
      const { recordedBy: _recordedBy, ...episode } = event.data;
      return {
        ...state,
        rpm: { episode: { ...episode, atRevision: state.version }, periods: state.rpm?.periods ?? {} },
      };
    }
    case 'RpmDevicePeriodRecorded': {
      if (!state.rpm) return state;
      const { periodId, start, end, daysWithTransmittedData } = event.data;
      return {
        ...state,
        rpm: {
          ...state.rpm,
          periods: updates.put(state.rpm.periods, periodId, {
            start,
            end,
            daysWithTransmittedData,
            atRevision: state.version,
          }),
        },
      };
    }
    case 'RpmEnded': {
      if (!state.rpm) return state;
      const { endedOn, reason } = event.data;
      return {
        ...state,
        rpm: {
          ...state.rpm,
          episode: { ...state.rpm.episode, ended: { endedOn, reason, atRevision: state.version } },
        },
      };
    }
    case 'ApcmAttestationRecorded':
      return state;
  }
}
