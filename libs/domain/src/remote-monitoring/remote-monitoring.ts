import type { DecisionContext } from '../patient/decision-context';
import { todayOf } from '../patient/decision-context';
import type { EnrolledPatient } from '../patient/patient-state';
import { isBillingPractitioner } from '../practice/practice';
import { accept, refuse, type Decision } from '../shared/decision';
import { isLocalMonth } from '../shared/local-time';
import { copying, type Updates } from '../shared/updates';
import { devicePeriodEnd, monitoringEpisode } from './monitoring-episode';
import type { DevicePeriodReport, EpisodeEnd } from './monitoring-episode.events';
import { RPM_DEVICE_TYPES, type RemoteMonitoringEvent, type RpmEnrolment } from './remote-monitoring.events';

export type RemoteMonitoringCommand =
  | { readonly type: 'EnrollInRpm'; readonly data: RpmEnrolment }
  | { readonly type: 'RecordRpmDevicePeriod'; readonly data: Omit<DevicePeriodReport, 'end'> }
  | { readonly type: 'EndRpm'; readonly data: EpisodeEnd }
  | {
      readonly type: 'RecordApcmAttestation';
      readonly data: {
        readonly fromMonth: string;
        readonly practitionerId: string;
        readonly responsibleForAllPrimaryCare: boolean;
        readonly serviceElementsInPlace: boolean;
      };
    };

/** RPM-1: the inclusive last day of the 30-day device period starting on `start`. */
export const rpmPeriodEnd = devicePeriodEnd;

/** The RPM episode (RPM-1, RPM-2, RPM-4..6): the rules it shares with RTM, with RPM's names and device types. */
const rpm = monitoringEpisode({
  name: 'RPM',
  eventTypes: {
    enrolled: 'RpmEnrolled',
    devicePeriodRecorded: 'RpmDevicePeriodRecorded',
    ended: 'RpmEnded',
  } as const,
  // An enrolment whose consent is not documented yet happened: it is recorded, and billing refuses the RPM
  // codes until a consent is (CONS-1), rather than the record losing the enrolment.
  details: ['deviceType', 'orderingPractitionerId', 'enrolledOn', 'consentDocumented', 'establishedPatient'],
  read: (patient) => patient.rpm,
  write: (patient, rpm) => ({ ...patient, rpm }),
  refuseDetails: ({ deviceType }) =>
    (RPM_DEVICE_TYPES as readonly string[]).includes(deviceType)
      ? undefined
      : refuse('RPM_DEVICE_TYPE_INVALID', 'Not a known RPM device type.', { fields: ['deviceType'] }),
  rosterRule: 'RPM is ordered and billed by a billing practitioner on the practice roster (RPM-4).',
  periodEnd: 'fixed',
  refusals: {
    alreadyEnrolled: (message, details) => refuse('RPM_ALREADY_ENROLLED', message, details),
    notEnrolled: (message, details) => refuse('RPM_NOT_ENROLLED', message, details),
    datesInvalid: (message, details) => refuse('RPM_DATES_INVALID', message, details),
    daysInvalid: (message, details) => refuse('RPM_DAYS_INVALID', message, details),
    periodIdReused: (message, details) => refuse('RPM_PERIOD_ID_REUSED', message, details),
    periodDaysDecreased: (message, details) => refuse('RPM_PERIOD_DAYS_DECREASED', message, details),
    periodBeforeEnrolment: (message, details) => refuse('RPM_PERIOD_BEFORE_ENROLMENT', message, details),
    daysExceedElapsed: (message, details) => refuse('RPM_DAYS_EXCEED_ELAPSED', message, details),
    periodsOverlap: (message, details) => refuse('RPM_PERIODS_OVERLAP', message, details),
  },
});

type Result = Decision<RemoteMonitoringEvent>;

export function decideRemoteMonitoring(
  command: RemoteMonitoringCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Result {
  switch (command.type) {
    case 'EnrollInRpm':
      return rpm.enrol(command.data, state, context);
    case 'RecordRpmDevicePeriod':
      return rpm.recordDevicePeriod(command.data, state, context);
    case 'EndRpm':
      return rpm.end(command.data, state, context);
    case 'RecordApcmAttestation':
      return recordApcmAttestation(command.data, context);
  }
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
    case 'RpmEnrolled':
      return rpm.enrolled(state, event.data);
    case 'RpmDevicePeriodRecorded':
      return rpm.devicePeriodRecorded(state, event.data, updates);
    case 'RpmEnded':
      return rpm.ended(state, event.data);
    case 'ApcmAttestationRecorded':
      return state;
  }
}
