import type { LocalDate } from '../shared/local-time';
import {
  DEVICE_PERIOD_DAYS,
  type DevicePeriodRecorded,
  type EpisodeDetails,
  type EpisodeEnded,
  type EpisodeEnrolled,
  type MonitoringState,
} from './monitoring-episode.events';

/** RPM-1: a device code covers a 30-day period, counted from its first day (not the calendar month). */
export const RPM_PERIOD_DAYS = DEVICE_PERIOD_DAYS;

/** The device the practitioner ordered (informational in billing-facts.md `rpm.deviceType`). */
export const RPM_DEVICE_TYPES = [
  'blood_pressure_cuff',
  'glucometer',
  'weight_scale',
  'pulse_oximeter',
  'thermometer',
  'spirometer',
  'ecg_monitor',
  'other',
] as const;
export type RpmDeviceType = (typeof RPM_DEVICE_TYPES)[number];

/** What an RPM episode is enrolled with (RPM-4..6). */
export interface RpmEnrolment extends EpisodeDetails {
  readonly deviceType: RpmDeviceType;
  /** The billing practitioner who ordered RPM and bills it (RPM-4: one per period). */
  readonly orderingPractitionerId: string;
  readonly enrolledOn: LocalDate;
  /** The patient's consent to RPM is documented in the record (billing refuses RPM codes without, CONS-1). */
  readonly consentDocumented: boolean;
  /** RPM-5: an established patient relationship with the ordering practitioner. */
  readonly establishedPatient: boolean;
}

/** Remote physiologic monitoring (RPM-1..8) and the APCM practice attestation (APCM-2). */
export type RemoteMonitoringEvent =
  | {
      /** An RPM episode of care begins (RPM-5, RPM-6: 99453 once per episode). */
      readonly type: 'RpmEnrolled';
      readonly data: EpisodeEnrolled<RpmEnrolment>;
    }
  | {
      /** RPM-1, RPM-2: days with transmitted data in one 30-day device period (`end` is `start` + 29 days). */
      readonly type: 'RpmDevicePeriodRecorded';
      readonly data: DevicePeriodRecorded;
    }
  | {
      /** The RPM episode ends (device returned, order stopped). */
      readonly type: 'RpmEnded';
      readonly data: EpisodeEnded;
    }
  | {
      /**
       * APCM-2: the practitioner attests, from a month on, that they are responsible for all the patient's
       * primary care and that the APCM service elements are in place. A later attestation replaces it.
       */
      readonly type: 'ApcmAttestationRecorded';
      readonly data: {
        readonly fromMonth: string;
        readonly practitionerId: string;
        readonly responsibleForAllPrimaryCare: boolean;
        readonly serviceElementsInPlace: boolean;
        readonly attestedBy: string;
      };
    };

/** What the RPM decider needs: the latest episode and every device period reported, by period id. */
export type RpmState = MonitoringState<RpmEnrolment>;
