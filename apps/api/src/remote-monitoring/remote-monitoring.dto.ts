import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ID_PATTERN as ID,
  MONTH_PATTERN as MONTH,
  RPM_DEVICE_TYPES,
  RPM_PERIOD_DAYS,
  type RpmDeviceType,
} from '@ccm/domain';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsLocalDate } from '../http/validators';

export class EnrollInRpmDto {
  @ApiProperty({ enum: RPM_DEVICE_TYPES })
  @IsIn(RPM_DEVICE_TYPES)
  deviceType!: RpmDeviceType;

  @ApiPropertyOptional({
    example: 'dr-adams',
    description: 'Billing practitioner who ordered RPM and bills it (RPM-4); defaults to you',
  })
  @IsOptional()
  @Matches(ID)
  orderingPractitionerId?: string;

  @ApiProperty({ example: '2026-03-01', description: 'First day of the RPM episode (RPM-6)' })
  @IsLocalDate()
  enrolledOn!: string;

  @ApiProperty({
    description:
      'The patient’s consent to RPM is documented in the record; false is recorded too, and billing refuses RPM codes until it is (CONS-1)',
  })
  @IsBoolean()
  consentDocumented!: boolean;

  @ApiProperty({ description: 'Established patient of the ordering practitioner (RPM-5)' })
  @IsBoolean()
  establishedPatient!: boolean;
}

export class RecordRpmDevicePeriodDto {
  @ApiProperty({
    description:
      'Idempotency key of the 30-day period; re-send with more days as data arrives (a later report supersedes)',
  })
  @Matches(ID)
  periodId!: string;

  @ApiProperty({ example: '2026-03-01', description: 'First day of the 30-day device period (RPM-1)' })
  @IsLocalDate()
  start!: string;

  @ApiProperty({ example: 18, minimum: 0, maximum: RPM_PERIOD_DAYS, description: 'RPM-2' })
  @IsInt()
  @Min(0)
  @Max(RPM_PERIOD_DAYS)
  daysWithTransmittedData!: number;
}

export class EndRpmDto {
  @ApiProperty({ example: '2026-03-28' })
  @IsLocalDate()
  endedOn!: string;

  @ApiProperty({ example: 'device returned' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class RecordApcmAttestationDto {
  @ApiProperty({ example: '2026-03', description: 'First month the attestation applies to' })
  @Matches(MONTH, { message: '$property must be a month YYYY-MM' })
  fromMonth!: string;

  @ApiPropertyOptional({ description: 'Billing practitioner attesting; defaults to you' })
  @IsOptional()
  @Matches(ID)
  practitionerId?: string;

  @ApiProperty({
    description: 'Responsible for all the patient’s primary care, the continuing focal point (APCM-2)',
  })
  @IsBoolean()
  responsibleForAllPrimaryCare!: boolean;

  @ApiProperty({ description: 'The APCM service elements are in place (APCM-2)' })
  @IsBoolean()
  serviceElementsInPlace!: boolean;
}
