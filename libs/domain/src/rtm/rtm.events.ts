import {
  DEVICE_PERIOD_DAYS,
  type DevicePeriodRecorded,
  type EpisodeDetails,
  type EpisodeEnded,
  type EpisodeEnrolled,
  type MonitoringState,
} from '../remote-monitoring/monitoring-episode.events';

/** RTM device supply, like RPM's (RPM-1), covers a 30-day period counted from its first day. */
export const RTM_PERIOD_DAYS = DEVICE_PERIOD_DAYS;

/** What the device monitors (the 2026 RTM device codes differ by it); informational here. */
export const RTM_DEVICE_TYPES = [
  'respiratory_system',
  'musculoskeletal_system',
  'cognitive_behavioral_therapy',
  'other',
] as const;
export type RtmDeviceType = (typeof RTM_DEVICE_TYPES)[number];

/** What an RTM episode is enrolled with: its ordering practitioner, its start and, when given, the device. */
export interface RtmEnrolment extends EpisodeDetails {
  readonly deviceType?: RtmDeviceType;
}

/**
 * Remote therapeutic monitoring. No RTM code is billed here: the facts carry RTM so the billing rules can
 * keep RPM and drop RTM when both are enrolled for the same period (RPM-4, EXCL-4).
 */
export type RtmEvent =
  | {
      /** An RTM episode begins. */
      readonly type: 'RtmEnrolled';
      readonly data: EpisodeEnrolled<RtmEnrolment>;
    }
  | {
      /** Days with transmitted data in one device period of at most 30 days (its end may be sooner). */
      readonly type: 'RtmDevicePeriodRecorded';
      readonly data: DevicePeriodRecorded;
    }
  | {
      /** The RTM episode ends. */
      readonly type: 'RtmEnded';
      readonly data: EpisodeEnded;
    };

/** What the RTM decider needs: the latest episode and every device period reported, by period id. */
export type RtmState = MonitoringState<RtmEnrolment>;
