import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ID_PATTERN as ID, RTM_DEVICE_TYPES, RTM_PERIOD_DAYS, type RtmDeviceType } from '@ccm/domain';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsLocalDate } from '../http/validators';
import {
  DaysWithDataProperty,
  DevicePeriodIdProperty,
  EndReasonProperty,
  LocalDateProperty,
} from './monitoring-episode.dto';

export class EnrollInRtmDto {
  @LocalDateProperty('2026-03-01', 'First day of the RTM episode')
  enrolledOn!: string;

  @ApiProperty({ example: 'dr-adams', description: 'Billing practitioner on the roster who ordered RTM' })
  @Matches(ID)
  orderingPractitionerId!: string;

  @ApiPropertyOptional({ enum: RTM_DEVICE_TYPES, description: 'What the device monitors; informational' })
  @IsOptional()
  @IsIn(RTM_DEVICE_TYPES)
  deviceType?: RtmDeviceType;
}

export class RecordRtmDevicePeriodDto {
  @DevicePeriodIdProperty(
    'Idempotency key of the device period; re-send with more days as data arrives (a later report supersedes)',
  )
  periodId!: string;

  @LocalDateProperty('2026-03-01', 'First day of the device period')
  start!: string;

  @ApiPropertyOptional({
    example: '2026-03-30',
    description: `Last day of the period (inclusive, at most ${RTM_PERIOD_DAYS} days); start + ${RTM_PERIOD_DAYS - 1} days by default`,
  })
  @IsOptional()
  @IsLocalDate()
  end?: string;

  @DaysWithDataProperty()
  daysWithTransmittedData!: number;
}

export class EndRtmDto {
  @LocalDateProperty('2026-03-28')
  endedOn!: string;

  @EndReasonProperty('therapy completed')
  reason!: string;
}
