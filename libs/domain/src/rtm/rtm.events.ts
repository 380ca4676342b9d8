import type { LocalDate } from '../shared/local-time';

/** RTM device supply, like RPM's (RPM-1), covers a 30-day period counted from its first day. */
export const RTM_PERIOD_DAYS = 30;

/** What the device monitors (the 2026 RTM device codes differ by it); informational here. */
export const RTM_DEVICE_TYPES = [
  'respiratory_system',
  'musculoskeletal_system',
  'cognitive_behavioral_therapy',
  'other',
] as const;
export type RtmDeviceType = (typeof RTM_DEVICE_TYPES)[number];

/**
 * Remote therapeutic monitoring. No RTM code is billed here: the facts carry RTM so the billing rules can
 * keep RPM and drop RTM when both are enrolled for the same period (RPM-4, EXCL-4).
 */
export type RtmEvent =
  | {
      /** An RTM episode begins. */
      readonly type: 'RtmEnrolled';
      readonly data: {
        readonly orderingPractitionerId: string;
        readonly enrolledOn: LocalDate;
        readonly deviceType?: RtmDeviceType;
        readonly recordedBy: string;
      };
    }
  | {
      /**
       * Days with transmitted data in one device period (at most 30 days). A later report of the same
       * period with more days supersedes the earlier one; the period id is the idempotency key.
       */
      readonly type: 'RtmDevicePeriodRecorded';
      readonly data: {
        readonly periodId: string;
        readonly start: LocalDate;
        /** Inclusive. */
        readonly end: LocalDate;
        readonly daysWithTransmittedData: number;
        readonly recordedBy: string;
      };
    }
  | {
      /** The RTM episode ends. */
      readonly type: 'RtmEnded';
      readonly data: { readonly endedOn: LocalDate; readonly reason: string; readonly recordedBy: string };
    };

/** What the RTM decider needs: the latest episode and every device period reported, by period id. */
export interface RtmState {
  readonly episode: {
    readonly orderingPractitionerId: string;
    readonly enrolledOn: LocalDate;
    readonly deviceType?: RtmDeviceType;
    readonly atRevision: number;
    readonly ended?: { readonly endedOn: LocalDate; readonly reason: string; readonly atRevision: number };
  };
  readonly periods: Readonly<
    Record<
      string,
      {
        readonly start: LocalDate;
        readonly end: LocalDate;
        readonly daysWithTransmittedData: number;
        readonly atRevision: number;
      }
    >
  >;
}
