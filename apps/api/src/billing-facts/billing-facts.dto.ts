import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ID_PATTERN as ID,
  MONTH_PATTERN as MONTH,
  INPATIENT_STAY_TYPES,
  MDM_LEVELS,
  PAYER_TYPES,
  TRACKS,
  type MdmLevel,
  type PayerType,
  type Track,
} from '@ccm/domain';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { IsLocalDate } from '../http/validators';

export class RecordMdmDto {
  @ApiProperty({ example: '2026-03' })
  @Matches(MONTH, { message: '$property must be a month YYYY-MM' })
  serviceMonth!: string;

  @ApiProperty({ enum: MDM_LEVELS })
  @IsIn(MDM_LEVELS)
  level!: MdmLevel;

  @ApiPropertyOptional({ description: 'Billing practitioner; defaults to you' })
  @IsOptional()
  @Matches(ID)
  practitionerId?: string;
}

export class RecordPayerCoverageDto {
  @ApiProperty({ example: '2026-01', description: 'First month this coverage applies to' })
  @Matches(MONTH, { message: '$property must be a month YYYY-MM' })
  fromMonth!: string;

  @ApiProperty({ enum: PAYER_TYPES })
  @IsIn(PAYER_TYPES)
  payerType!: PayerType;

  @ApiProperty({ description: 'Qualified Medicare Beneficiary: no cost-sharing may be billed (PAY-4)' })
  @IsBoolean()
  qmb!: boolean;

  @ApiPropertyOptional({ description: 'Medicaid category, informational' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  medicaid?: string;
}

export class SetTrackPolicyDto {
  @ApiProperty({ example: '2026-03' })
  @Matches(MONTH, { message: '$property must be a month YYYY-MM' })
  fromMonth!: string;

  @ApiProperty({ enum: TRACKS })
  @IsIn(TRACKS)
  preferred!: Track;

  @ApiProperty({ enum: TRACKS, nullable: true })
  @ValidateIf((_, v) => v !== null)
  @IsIn(TRACKS)
  fallback!: Track | null;

  @ApiProperty({ example: 'moderate complexity, frequent medication changes' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class RecordInpatientStayDto {
  @ApiProperty({ description: 'Idempotency key; re-send with a discharge date to complete an open stay' })
  @Matches(ID)
  stayId!: string;

  @ApiProperty({ enum: INPATIENT_STAY_TYPES })
  @IsIn(INPATIENT_STAY_TYPES)
  stayType!: (typeof INPATIENT_STAY_TYPES)[number];

  @ApiProperty({ example: '2026-03-10' })
  @IsLocalDate()
  admit!: string;

  @ApiProperty({ example: '2026-03-14', nullable: true, description: 'Null while the patient is still in' })
  @ValidateIf((_, v) => v !== null)
  @IsLocalDate()
  discharge!: string | null;
}

export class RecordOtherServiceDto {
  @ApiProperty()
  @Matches(ID)
  serviceId!: string;

  @ApiProperty({ example: 'G0181' })
  @IsString()
  @Length(5, 5)
  code!: string;

  @ApiProperty({ example: '2026-03-05' })
  @IsLocalDate()
  date!: string;

  @ApiProperty({ example: 'dr-adams' })
  @Matches(ID)
  practitionerId!: string;

  @ApiPropertyOptional({ example: '2026-03-01..2026-03-30' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/)
  servicePeriod?: string;
}

export class RecordOtherPractitionerClaimDto {
  @ApiProperty({ description: 'Remittance or eligibility reference' })
  @Matches(ID)
  claimId!: string;

  @ApiProperty({ example: 'npi-1999999984' })
  @Matches(ID)
  practitionerId!: string;

  @ApiProperty({ example: '99490' })
  @IsString()
  @Length(5, 5)
  code!: string;

  @ApiProperty({ example: '2026-03' })
  @Matches(MONTH, { message: '$property must be a month YYYY-MM' })
  serviceMonth!: string;

  @ApiProperty({ example: 'paid' })
  @IsString()
  @Length(1, 32)
  status!: string;
}
