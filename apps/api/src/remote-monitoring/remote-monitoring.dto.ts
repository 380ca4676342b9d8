import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ID_PATTERN as ID, MONTH_PATTERN as MONTH, RPM_DEVICE_TYPES, type RpmDeviceType } from '@ccm/domain';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import {
  DaysWithDataProperty,
  DevicePeriodIdProperty,
  EndReasonProperty,
  LocalDateProperty,
} from './monitoring-episode.dto';

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

  @LocalDateProperty('2026-03-01', 'First day of the RPM episode (RPM-6)')
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
  @DevicePeriodIdProperty(
    'Idempotency key of the 30-day period; re-send with more days as data arrives (a later report supersedes)',
  )
  periodId!: string;

  @LocalDateProperty('2026-03-01', 'First day of the 30-day device period (RPM-1)')
  start!: string;

  @DaysWithDataProperty('RPM-2')
  daysWithTransmittedData!: number;
}

export class EndRpmDto {
  @LocalDateProperty('2026-03-28')
  endedOn!: string;

  @EndReasonProperty('device returned')
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
