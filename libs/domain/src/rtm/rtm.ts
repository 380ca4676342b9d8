import type { DecisionContext } from '../patient/decision-context';
import type { EnrolledPatient } from '../patient/patient-state';
import { monitoringEpisode } from '../remote-monitoring/monitoring-episode';
import type { DevicePeriodReport, EpisodeEnd } from '../remote-monitoring/monitoring-episode.events';
import { refuse, type Decision } from '../shared/decision';
import { copying, type Updates } from '../shared/updates';
import { RTM_DEVICE_TYPES, type RtmEnrolment, type RtmEvent } from './rtm.events';

export type RtmCommand =
  | { readonly type: 'EnrollInRtm'; readonly data: RtmEnrolment }
  /** The period's `end` is inclusive; `start` + 29 days when not given. */
  | { readonly type: 'RecordRtmDevicePeriod'; readonly data: DevicePeriodReport }
  | { readonly type: 'EndRtm'; readonly data: EpisodeEnd };

/** The RTM episode: the rules it shares with RPM, with RTM's names, device types and periods that may end sooner. */
const rtm = monitoringEpisode({
  name: 'RTM',
  eventTypes: {
    enrolled: 'RtmEnrolled',
    devicePeriodRecorded: 'RtmDevicePeriodRecorded',
    ended: 'RtmEnded',
  } as const,
  details: ['orderingPractitionerId', 'enrolledOn', 'deviceType'],
  read: (patient) => patient.rtm,
  write: (patient, rtm) => ({ ...patient, rtm }),
  refuseDetails: ({ deviceType }) =>
    deviceType === undefined || (RTM_DEVICE_TYPES as readonly string[]).includes(deviceType)
      ? undefined
      : refuse('RTM_DEVICE_TYPE_INVALID', 'Not a known RTM device type.', { fields: ['deviceType'] }),
  rosterRule: 'RTM is ordered by a billing practitioner on the practice roster.',
  periodEnd: 'chosen',
  periodTooLong: (message, details) => refuse('RTM_PERIOD_TOO_LONG', message, details),
  refusals: {
    alreadyEnrolled: (message, details) => refuse('RTM_ALREADY_ENROLLED', message, details),
    notEnrolled: (message, details) => refuse('RTM_NOT_ENROLLED', message, details),
    datesInvalid: (message, details) => refuse('RTM_DATES_INVALID', message, details),
    daysInvalid: (message, details) => refuse('RTM_DAYS_INVALID', message, details),
    periodIdReused: (message, details) => refuse('RTM_PERIOD_ID_REUSED', message, details),
    periodDaysDecreased: (message, details) => refuse('RTM_PERIOD_DAYS_DECREASED', message, details),
    periodBeforeEnrolment: (message, details) => refuse('RTM_PERIOD_BEFORE_ENROLMENT', message, details),
    daysExceedElapsed: (message, details) => refuse('RTM_DAYS_EXCEED_ELAPSED', message, details),
    periodsOverlap: (message, details) => refuse('RTM_PERIODS_OVERLAP', message, details),
  },
});

export function decideRtm(
  command: RtmCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Decision<RtmEvent> {
  switch (command.type) {
    case 'EnrollInRtm':
      return rtm.enrol(command.data, state, context);
    case 'RecordRtmDevicePeriod':
      return rtm.recordDevicePeriod(command.data, state, context);
    case 'EndRtm':
      return rtm.end(command.data, state, context);
  }
}

/** Keeps the latest episode and every device period (its latest report). */
export function evolveRtm(
  state: EnrolledPatient,
  event: RtmEvent,
  updates: Updates = copying,
): EnrolledPatient {
  switch (event.type) {
    case 'RtmEnrolled':
      return rtm.enrolled(state, event.data);
    case 'RtmDevicePeriodRecorded':
      return rtm.devicePeriodRecorded(state, event.data, updates);
    case 'RtmEnded':
      return rtm.ended(state, event.data);
  }
}
