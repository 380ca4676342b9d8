import type { LocalDate } from '../shared/local-time';

/** RPM-1: a device code covers a 30-day period, counted from its first day (not the calendar month). */
export const RPM_PERIOD_DAYS = 30;

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

/** Remote physiologic monitoring (RPM-1..8) and the APCM practice attestation (APCM-2). */
export type RemoteMonitoringEvent =
  | {
      /** An RPM episode of care begins (RPM-5, RPM-6: 99453 once per episode). */
      readonly type: 'RpmEnrolled';
      readonly data: {
        readonly deviceType: RpmDeviceType;
        /** The billing practitioner who ordered RPM and bills it (RPM-4: one per period). */
        readonly orderingPractitionerId: string;
        readonly enrolledOn: LocalDate;
        /** The patient's consent to RPM is documented in the record (billing refuses RPM codes without, CONS-1). */
        readonly consentDocumented: boolean;
        /** RPM-5: an established patient relationship with the ordering practitioner. */
        readonly establishedPatient: boolean;
        readonly recordedBy: string;
      };
    }
  | {
      /**
       * RPM-1, RPM-2: days with transmitted data in one 30-day device period. A later report for the same
       * period (more days) supersedes the earlier one; the period id is the idempotency key.
       */
      readonly type: 'RpmDevicePeriodRecorded';
      readonly data: {
        readonly periodId: string;
        readonly start: LocalDate;
        /** Inclusive: `start` + 29 days. */
        readonly end: LocalDate;
        readonly daysWithTransmittedData: number;
        readonly recordedBy: string;
      };
    }
  | {
      /** The RPM episode ends (device returned, order stopped). */
      readonly type: 'RpmEnded';
      readonly data: { readonly endedOn: LocalDate; readonly reason: string; readonly recordedBy: string };
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
export interface RpmState {
  readonly episode: {
    readonly deviceType: RpmDeviceType;
    readonly orderingPractitionerId: string;
    readonly enrolledOn: LocalDate;
    readonly consentDocumented: boolean;
    readonly establishedPatient: boolean;
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
