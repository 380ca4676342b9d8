import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ID_PATTERN as ID,
  TIME_PROGRAMS,
  UTC_OFFSET,
  type PerformerRole,
  type TimeProgram,
} from '@ccm/domain';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateBy,
} from 'class-validator';
import { IsLocalDate, IsLocalTime } from '../http/validators';

const IsProgramOrPrograms = (): PropertyDecorator =>
  ValidateBy({
    name: 'isProgramOrPrograms',
    validator: {
      validate: (value: unknown) =>
        (typeof value === 'string' && (TIME_PROGRAMS as readonly string[]).includes(value)) ||
        (Array.isArray(value) &&
          value.length >= 2 &&
          value.length <= TIME_PROGRAMS.length &&
          value.every((v) => typeof v === 'string' && (TIME_PROGRAMS as readonly string[]).includes(v))),
      defaultMessage: () =>
        `$property must be one of ${TIME_PROGRAMS.join(', ')}, or an array of two or more of them`,
    },
  });

const START_OFFSET_DESCRIPTION =
  'Only for a start in the hour the clocks repeat (daylight saving ends): the UTC offset of the occurrence meant; the first when absent. Kept with the entry.';

export class LogTimeDto {
  @ApiProperty({ example: 'e-2026-03-03-rn-lopez-1', description: 'Client-chosen idempotency key' })
  @Matches(ID)
  entryId!: string;

  @ApiPropertyOptional({ example: 'rn-lopez', description: 'Roster id; defaults to you' })
  @IsOptional()
  @Matches(ID)
  performerId?: string;

  @ApiProperty({
    enum: ['clinical_staff', 'physician_qhp', 'non_clinical_staff'],
    description: 'Must match the roster',
  })
  @IsIn(['clinical_staff', 'physician_qhp', 'non_clinical_staff'])
  performerRole!: PerformerRole;

  @ApiProperty({
    oneOf: [
      { type: 'string', enum: [...TIME_PROGRAMS] },
      { type: 'array', items: { type: 'string', enum: [...TIME_PROGRAMS] } },
    ],
    example: 'CCM',
    description: 'One program, or two or more while not yet allocated (TIME-18)',
  })
  @IsProgramOrPrograms()
  program!: TimeProgram | TimeProgram[];

  @ApiProperty({
    example: 'care_coordination_call',
    description: 'snake_case category; prior_authorization is excluded by default (TIME-13)',
  })
  @Matches(/^[a-z][a-z0-9_]{1,63}$/)
  activity!: string;

  @ApiProperty({ example: '2026-03-03', description: 'Practice-local date the work started' })
  @IsLocalDate()
  serviceDate!: string;

  @ApiProperty({
    example: '10:00',
    description: 'Practice-local start time; one the clocks skipped (daylight saving) is refused',
  })
  @IsLocalTime()
  startTime!: string;

  @ApiPropertyOptional({ example: '-06:00', description: START_OFFSET_DESCRIPTION })
  @IsOptional()
  @Matches(UTC_OFFSET)
  startTimeOffset?: string;

  @ApiProperty({ example: 12, description: 'Whole minutes, 1 to 240 per entry' })
  @IsInt()
  minutes!: number;

  @ApiPropertyOptional({ description: 'Face-to-face time (TIME-4)' })
  @IsOptional()
  @IsBoolean()
  faceToFace?: boolean;

  @ApiPropertyOptional({ example: '99214', description: 'The billed E/M this time was part of (TIME-4)' })
  @IsOptional()
  @IsString()
  @Length(5, 5)
  duringBilledEm?: string;

  @ApiPropertyOptional({
    enum: ['unsuccessful'],
    description: 'An attempt that did not reach the patient (TIME-12)',
  })
  @IsOptional()
  @IsIn(['unsuccessful'])
  outcome?: 'unsuccessful';

  @ApiPropertyOptional({
    description: 'Set on attempts only: false when the patient or caregiver was not reached',
  })
  @IsOptional()
  @IsBoolean()
  patientContact?: boolean;

  @ApiPropertyOptional({ description: 'Real-time talk with patient or caregiver (RPM-2)' })
  @IsOptional()
  @IsBoolean()
  interactiveCommunication?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Others on the same activity (TIME-10)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(ID, { each: true })
  jointWith?: string[];

  @ApiPropertyOptional({ description: 'What was done (TIME-17)' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  note?: string;
}

export class CorrectTimeDto {
  @ApiProperty({ example: 15 })
  @IsInt()
  minutes!: number;

  @ApiPropertyOptional({ example: '2026-03-03' })
  @IsOptional()
  @IsLocalDate()
  serviceDate?: string;

  @ApiPropertyOptional({ example: '10:05' })
  @IsOptional()
  @IsLocalTime()
  startTime?: string;

  @ApiPropertyOptional({ example: '-06:00', description: START_OFFSET_DESCRIPTION })
  @IsOptional()
  @Matches(UTC_OFFSET)
  startTimeOffset?: string;

  @ApiProperty({ example: 'call ran longer than first logged' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class VoidTimeDto {
  @ApiProperty({ example: 'logged on the wrong patient' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class ReallocateTimeDto {
  @ApiProperty({ enum: TIME_PROGRAMS })
  @IsIn(TIME_PROGRAMS)
  program!: TimeProgram;

  @ApiProperty({ example: 'the call was about the care plan, not device data' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}
