import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ID_PATTERN as ID, RTM_DEVICE_TYPES, RTM_PERIOD_DAYS, type RtmDeviceType } from '@ccm/domain';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsLocalDate } from '../http/validators';

export class EnrollInRtmDto {
  @ApiProperty({ example: '2026-03-01', description: 'First day of the RTM episode' })
  @IsLocalDate()
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
  @ApiProperty({
    description:
      'Idempotency key of the device period; re-send with more days as data arrives (a later report supersedes)',
  })
  @Matches(ID)
  periodId!: string;

  @ApiProperty({ example: '2026-03-01', description: 'First day of the device period' })
  @IsLocalDate()
  start!: string;

  @ApiPropertyOptional({
    example: '2026-03-30',
    description: `Last day of the period (inclusive, at most ${RTM_PERIOD_DAYS} days); start + ${RTM_PERIOD_DAYS - 1} days by default`,
  })
  @IsOptional()
  @IsLocalDate()
  end?: string;

  @ApiProperty({ example: 18, minimum: 0, maximum: RTM_PERIOD_DAYS })
  @IsInt()
  @Min(0)
  @Max(RTM_PERIOD_DAYS)
  daysWithTransmittedData!: number;
}

export class EndRtmDto {
  @ApiProperty({ example: '2026-03-28' })
  @IsLocalDate()
  endedOn!: string;

  @ApiProperty({ example: 'therapy completed' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}
