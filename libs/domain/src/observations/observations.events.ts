import type { LocalDateTime } from '../shared/local-time';
import type { UtcOffset } from '../shared/wall-clock';

export const OBSERVATION_KINDS = ['blood_pressure', 'a1c', 'weight', 'glucose'] as const;
export type ObservationKind = (typeof OBSERVATION_KINDS)[number];

export const GLUCOSE_TIMINGS = ['fasting', 'random'] as const;
export const WEIGHT_UNITS = ['kg', 'lb'] as const;
export type WeightUnit = (typeof WEIGHT_UNITS)[number];

/**
 * A measured value in the unit it is stored in, forever: mmHg, percent (NGSP), kilograms, mg/dL. The
 * field names are the api's, so a refusal names the field the client sent.
 */
export type Measurement =
  | { readonly kind: 'blood_pressure'; readonly systolicMmHg: number; readonly diastolicMmHg: number }
  | { readonly kind: 'a1c'; readonly a1cPercent: number }
  | {
      readonly kind: 'weight';
      readonly weightKg: number;
      /** Kept when the weight was entered in pounds: the value as entered, before conversion. */
      readonly enteredAs?: { readonly value: number; readonly unit: 'lb' };
    }
  | {
      readonly kind: 'glucose';
      readonly glucoseMgDl: number;
      readonly glucoseTiming: (typeof GLUCOSE_TIMINGS)[number];
    };

/** A measurement as a command gives it: a weight may come in pounds. */
export type MeasurementInput =
  | Exclude<Measurement, { kind: 'weight' }>
  | { readonly kind: 'weight'; readonly weight: number; readonly weightUnit: WeightUnit };

export const OBSERVATION_SOURCES = ['staff', 'imported', 'rpm_device'] as const;

/** Where a value came from: measured or entered by staff, imported from an EHR, or sent by an RPM device. */
export type ObservationSource =
  | { readonly type: 'staff' }
  | { readonly type: 'imported'; readonly system: string }
  /** The RPM device period (already recorded on the patient) the reading was transmitted in. */
  | { readonly type: 'rpm_device'; readonly rpmPeriodId: string };

export interface ObservationDetails {
  readonly observationId: string;
  readonly measurement: Measurement;
  /** When it was measured (practice-local); never after it was recorded. */
  readonly takenAt: LocalDateTime;
  /** The UTC offset, kept only when the practice's clock showed this local time twice (the repeated hour). */
  readonly takenAtOffset?: UtcOffset;
  readonly source: ObservationSource;
}

export type ObservationEvent =
  | {
      readonly type: 'ClinicalObservationRecorded';
      readonly data: ObservationDetails & { readonly recordedBy: string };
    }
  | {
      /** Replaces the measurement and time of an observation entered wrongly; readers use the latest. */
      readonly type: 'ClinicalObservationCorrected';
      readonly data: {
        readonly observationId: string;
        readonly measurement: Measurement;
        readonly takenAt: LocalDateTime;
        readonly takenAtOffset?: UtcOffset;
        readonly reason: string;
        readonly correctedBy: string;
      };
    }
  | {
      /** Strikes out an observation entered in error (wrong patient, not measured): readers leave it out. */
      readonly type: 'ClinicalObservationVoided';
      readonly data: { readonly observationId: string; readonly reason: string; readonly voidedBy: string };
    };

/** What the decider keeps of an observation: its current values and the revision of its last change. */
export interface ObservationState {
  readonly measurement: Measurement;
  readonly takenAt: LocalDateTime;
  readonly source: ObservationSource;
  readonly status: 'current' | 'voided';
  readonly atRevision: number;
}
