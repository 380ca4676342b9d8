import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  GLUCOSE_TIMINGS,
  ID_PATTERN,
  isId,
  OBSERVATION_KINDS,
  OBSERVATION_SOURCES,
  WEIGHT_UNITS,
  type MeasurementInput,
  type ObservationKind,
  type ObservationSource,
} from '@ccm/domain';
import { IsIn, IsOptional, IsString, Length, Matches, ValidateBy } from 'class-validator';
import { IsDateTimeInput } from '../http/validators';

type Body = Record<string, unknown>;

/**
 * A field that belongs to one kind of body alone: required and well-formed when `applies`, absent
 * otherwise (a blood pressure's fields on an A1c are a client error, not ignored).
 */
const OnlyWhen = (
  applies: (body: Body) => boolean,
  isValid: (v: unknown) => boolean,
  shape: string,
  when: string,
) =>
  ValidateBy({
    name: 'onlyWhen',
    validator: {
      validate: (v, args) => (applies(args?.object as Body) ? isValid(v) : v === undefined),
      defaultMessage: (args) =>
        applies(args?.object as Body)
          ? `$property must be ${shape} when ${when}`
          : `$property is taken only when ${when}`,
    },
  });

const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const whole = (v: unknown) => Number.isInteger(v);
const kindIs = (kind: ObservationKind) => (body: Body) => body.kind === kind;
const oneOf = (values: readonly string[]) => (v: unknown) => typeof v === 'string' && values.includes(v);

/** The measured value: the fields of its kind and no other's. Units: mmHg, %, kg or lb, mg/dL. */
export class MeasurementDto {
  @ApiProperty({ enum: OBSERVATION_KINDS })
  @IsIn(OBSERVATION_KINDS)
  kind!: ObservationKind;

  @ApiPropertyOptional({ example: 132, description: 'blood_pressure: whole mmHg, 50-300, above diastolic' })
  @OnlyWhen(kindIs('blood_pressure'), whole, 'a whole number of mmHg', 'kind is blood_pressure')
  systolicMmHg?: number;

  @ApiPropertyOptional({ example: 84, description: 'blood_pressure: whole mmHg, 20-200' })
  @OnlyWhen(kindIs('blood_pressure'), whole, 'a whole number of mmHg', 'kind is blood_pressure')
  diastolicMmHg?: number;

  @ApiPropertyOptional({ example: 7.4, description: 'a1c: percent (NGSP), 3-20' })
  @OnlyWhen(kindIs('a1c'), finite, 'a number', 'kind is a1c')
  a1cPercent?: number;

  @ApiPropertyOptional({ example: 180, description: 'weight: in weightUnit; 20-350 kg (stored in kg)' })
  @OnlyWhen(kindIs('weight'), finite, 'a number', 'kind is weight')
  weight?: number;

  @ApiPropertyOptional({ enum: WEIGHT_UNITS, description: 'weight: lb is converted to kg to one decimal' })
  @OnlyWhen(kindIs('weight'), oneOf(WEIGHT_UNITS), 'kg or lb', 'kind is weight')
  weightUnit?: (typeof WEIGHT_UNITS)[number];

  @ApiPropertyOptional({ example: 126, description: 'glucose: mg/dL, 20-1500' })
  @OnlyWhen(kindIs('glucose'), finite, 'a number', 'kind is glucose')
  glucoseMgDl?: number;

  @ApiPropertyOptional({ enum: GLUCOSE_TIMINGS })
  @OnlyWhen(kindIs('glucose'), oneOf(GLUCOSE_TIMINGS), 'fasting or random', 'kind is glucose')
  glucoseTiming?: (typeof GLUCOSE_TIMINGS)[number];

  @ApiProperty({ example: '2026-03-10T09:30', description: 'When it was measured; never in the future' })
  @IsDateTimeInput()
  takenAt!: string;
}

export class RecordObservationDto extends MeasurementDto {
  @ApiPropertyOptional({ description: 'Idempotency key; generated when absent' })
  @IsOptional()
  @Matches(ID_PATTERN)
  observationId?: string;

  @ApiProperty({ enum: OBSERVATION_SOURCES })
  @IsIn(OBSERVATION_SOURCES)
  source!: (typeof OBSERVATION_SOURCES)[number];

  @ApiPropertyOptional({ example: 'Epic', description: 'imported: the EHR the value came from' })
  @OnlyWhen(
    (b) => b.source === 'imported',
    (v) => typeof v === 'string' && v.length >= 1 && v.length <= 100,
    '1-100 characters',
    'source is imported',
  )
  sourceSystem?: string;

  @ApiPropertyOptional({ description: 'rpm_device: the RPM device period (already recorded) it was sent in' })
  @OnlyWhen(
    (b) => b.source === 'rpm_device',
    (v) => typeof v === 'string' && isId(v),
    'an id',
    'source is rpm_device',
  )
  rpmPeriodId?: string;
}

export class CorrectObservationDto extends MeasurementDto {
  @ApiProperty({ example: 'Digits transposed when entered' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class VoidObservationDto {
  @ApiProperty({ example: 'Entered on the wrong patient' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

/** The validated body's measurement, as the domain takes it. */
export function measurementOf(body: MeasurementDto): MeasurementInput {
  const n = (v: number | undefined): number => v as number;
  switch (body.kind) {
    case 'blood_pressure':
      return { kind: body.kind, systolicMmHg: n(body.systolicMmHg), diastolicMmHg: n(body.diastolicMmHg) };
    case 'a1c':
      return { kind: body.kind, a1cPercent: n(body.a1cPercent) };
    case 'weight':
      return { kind: body.kind, weight: n(body.weight), weightUnit: body.weightUnit ?? 'kg' };
    case 'glucose':
      return {
        kind: body.kind,
        glucoseMgDl: n(body.glucoseMgDl),
        glucoseTiming: body.glucoseTiming ?? 'random',
      };
  }
}

export function sourceOf(body: RecordObservationDto): ObservationSource {
  switch (body.source) {
    case 'staff':
      return { type: 'staff' };
    case 'imported':
      return { type: 'imported', system: body.sourceSystem ?? '' };
    case 'rpm_device':
      return { type: 'rpm_device', rpmPeriodId: body.rpmPeriodId ?? '' };
  }
}
