import { refuse, type Decision } from '../shared/decision';
import type { Measurement, MeasurementInput } from './observations.events';

/** Exactly, by definition of the avoirdupois pound. */
export const KG_PER_LB = 0.45359237;

/**
 * Physiologically plausible ranges, inclusive. A value outside is refused as an entry error (a BP of
 * 400/20, an A1c of 40 %, a glucose of 0), never stored and flagged: the ranges are wide enough for
 * every real patient in a CCM panel.
 */
export const PLAUSIBLE_RANGES = {
  systolicMmHg: { min: 50, max: 300, unit: 'mmHg' },
  diastolicMmHg: { min: 20, max: 200, unit: 'mmHg' },
  a1cPercent: { min: 3, max: 20, unit: '%' },
  weightKg: { min: 20, max: 350, unit: 'kg' },
  glucoseMgDl: { min: 20, max: 1500, unit: 'mg/dL' },
} as const;

type RangeName = keyof typeof PLAUSIBLE_RANGES;

const inRange = (name: RangeName, value: number): boolean =>
  Number.isFinite(value) && value >= PLAUSIBLE_RANGES[name].min && value <= PLAUSIBLE_RANGES[name].max;

/** Kilograms to one decimal, as a scale shows them: 180 lb is 81.6 kg. */
export const poundsToKg = (lb: number): number => Math.round(lb * KG_PER_LB * 10) / 10;

const implausible = <E>(fields: string[]): Decision<E> =>
  refuse('OBSERVATION_IMPLAUSIBLE', 'A value is outside the physiologically plausible range.', { fields });

/**
 * The measurement in its stored units, or a refusal naming the api fields at fault (`weight` for a
 * weight, whatever its unit). The values themselves are never put in the refusal.
 */
export function plausibleMeasurement<E>(input: MeasurementInput): Measurement | Decision<E> {
  switch (input.kind) {
    case 'blood_pressure': {
      const fields = (['systolicMmHg', 'diastolicMmHg'] as const).filter((f) => !inRange(f, input[f]));
      if (fields.length > 0) return implausible([...fields]);
      if (input.systolicMmHg <= input.diastolicMmHg) {
        return refuse('BLOOD_PRESSURE_INVERTED', 'The systolic pressure must be above the diastolic.', {
          fields: ['systolicMmHg', 'diastolicMmHg'],
        });
      }
      return { kind: input.kind, systolicMmHg: input.systolicMmHg, diastolicMmHg: input.diastolicMmHg };
    }
    case 'a1c':
      return inRange('a1cPercent', input.a1cPercent)
        ? { kind: input.kind, a1cPercent: input.a1cPercent }
        : implausible(['a1cPercent']);
    case 'glucose':
      return inRange('glucoseMgDl', input.glucoseMgDl)
        ? { kind: input.kind, glucoseMgDl: input.glucoseMgDl, glucoseTiming: input.glucoseTiming }
        : implausible(['glucoseMgDl']);
    case 'weight': {
      if (input.weightUnit !== 'kg' && input.weightUnit !== 'lb') {
        return refuse('WEIGHT_UNIT_INVALID', 'A weight is in kg or lb.', { fields: ['weightUnit'] });
      }
      const weightKg = input.weightUnit === 'lb' ? poundsToKg(input.weight) : input.weight;
      if (!inRange('weightKg', weightKg)) return implausible(['weight']);
      return input.weightUnit === 'lb'
        ? { kind: 'weight', weightKg, enteredAs: { value: input.weight, unit: 'lb' } }
        : { kind: 'weight', weightKg };
    }
  }
}

export const isMeasurementDecision = <E>(value: Measurement | Decision<E>): value is Decision<E> =>
  'outcome' in value;
