import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ID_PATTERN as ID,
  CONSENT_METHODS,
  CONSENT_PROGRAMS,
  type ConsentMethod,
  type ConsentProgram,
} from '@ccm/domain';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsDateTimeInput } from '../http/validators';

/** CONS-2: one flag per required disclosure. */
export class DisclosuresDto {
  @ApiProperty({ description: 'CCM is available and what it involves' })
  @IsBoolean()
  availabilityAndScope!: boolean;

  @ApiProperty({ description: 'Deductible and coinsurance apply' })
  @IsBoolean()
  costSharing!: boolean;

  @ApiProperty({ description: 'May stop at any time, effective at the end of the calendar month' })
  @IsBoolean()
  rightToStopEffectiveMonthEnd!: boolean;

  @ApiProperty({ description: 'Only one practitioner can furnish and be paid for CCM in a month' })
  @IsBoolean()
  onePractitionerPerMonth!: boolean;
}

export class RecordConsentDto {
  @ApiPropertyOptional({ description: 'Idempotency key; generated when absent' })
  @IsOptional()
  @Matches(ID)
  consentId?: string;

  @ApiPropertyOptional({ enum: CONSENT_PROGRAMS, default: 'CCM' })
  @IsOptional()
  @IsIn(CONSENT_PROGRAMS)
  program?: ConsentProgram;

  @ApiPropertyOptional({ enum: ['accepted', 'declined'], default: 'accepted' })
  @IsOptional()
  @IsIn(['accepted', 'declined'])
  decision?: 'accepted' | 'declined';

  @ApiProperty({ enum: CONSENT_METHODS })
  @IsIn(CONSENT_METHODS)
  method!: ConsentMethod;

  @ApiProperty({
    example: '2026-03-02T10:15',
    description: 'Practice-local date-time, or an ISO instant with offset',
  })
  @IsDateTimeInput()
  obtainedAt!: string;

  @ApiPropertyOptional({ example: 'rn-lopez', description: 'Roster id; defaults to you' })
  @IsOptional()
  @Matches(ID)
  obtainedBy?: string;

  @ApiPropertyOptional({ example: 'dr-adams', description: 'Defaults to the patient’s billing practitioner' })
  @IsOptional()
  @Matches(ID)
  billingPractitionerId?: string;

  @ApiProperty({ type: DisclosuresDto })
  @IsObject()
  @ValidateNested()
  @Type(() => DisclosuresDto)
  disclosures!: DisclosuresDto;

  @ApiPropertyOptional({ example: 'dms://consents/2026/000123', description: 'Required for written consent' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  documentReference?: string;
}

export class WithdrawConsentDto {
  @ApiPropertyOptional({ enum: CONSENT_PROGRAMS, default: 'CCM' })
  @IsOptional()
  @IsIn(CONSENT_PROGRAMS)
  program?: ConsentProgram;

  @ApiProperty({ example: '2026-03-20T16:00' })
  @IsDateTimeInput()
  withdrawnAt!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
