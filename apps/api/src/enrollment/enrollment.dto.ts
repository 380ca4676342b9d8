import { ID_PATTERN as ID } from '@ccm/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsLocalDate } from '../http/validators';

export class ConditionDto {
  @ApiProperty({ example: 'E11.9', description: 'ICD-10-CM code' })
  @IsString()
  @Length(3, 8)
  icd10!: string;

  @ApiProperty({ example: 'Type 2 diabetes mellitus without complications' })
  @IsString()
  @Length(1, 200)
  description!: string;

  @ApiProperty({
    enum: ['12_months_or_more', 'under_12_months'],
    description: 'Clinician attestation (ELIG-1)',
  })
  @IsIn(['12_months_or_more', 'under_12_months'])
  expectedDuration!: '12_months_or_more' | 'under_12_months';

  @ApiProperty({
    description: 'Places the patient at significant risk of death, decompensation or decline (ELIG-1)',
  })
  @IsBoolean()
  significantRisk!: boolean;

  @ApiPropertyOptional({
    example: '2025-11-04',
    description:
      'When the clinician attested the condition, if documented later (not before the date of birth); today by default. A month counts the conditions attested by its last day (ELIG-1)',
  })
  @IsOptional()
  @IsLocalDate()
  attestedOn?: string;
}

export class EnrollPatientDto {
  @ApiProperty({
    example: 'pt-000123',
    description: 'Opaque id chosen by the practice (no names, no MRNs with PHI)',
  })
  @Matches(ID)
  patientId!: string;

  @ApiProperty({ example: '1948-05-02' })
  @IsLocalDate()
  dateOfBirth!: string;

  @ApiProperty({ example: 'dr-adams', description: 'Roster id of the billing practitioner' })
  @Matches(ID)
  billingPractitionerId!: string;

  @ApiProperty({ type: [ConditionDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ConditionDto)
  conditions!: ConditionDto[];

  @ApiPropertyOptional({
    example: '2026-03-02',
    description: 'Enrolment date, if recorded later; today by default',
  })
  @IsOptional()
  @IsLocalDate()
  enrolledOn?: string;

  @ApiProperty({ example: ['rn-lopez'], description: 'Roster ids of the care team' })
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(ID, { each: true })
  careTeam!: string[];
}

export class AddConditionDto extends ConditionDto {}

export class ResolveConditionDto {
  @ApiProperty({ example: '2026-03-01' })
  @IsLocalDate()
  resolvedOn!: string;

  @ApiProperty({ example: 'resolved after treatment' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class ChangeBillingPractitionerDto {
  @ApiProperty({ example: 'dr-baker' })
  @Matches(ID)
  billingPractitionerId!: string;

  @ApiProperty({ example: '2026-04-01' })
  @IsLocalDate()
  effectiveOn!: string;

  @ApiPropertyOptional({ example: 'patient moved to Dr Baker’s panel' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class AttestPcmConditionDto {
  @ApiProperty({ example: 'E11.9', description: 'ICD-10-CM code of one of the patient’s active conditions' })
  @IsString()
  @Length(3, 8)
  icd10!: string;

  @ApiProperty({ example: '2026-02-10', description: 'When the practitioner attested it' })
  @IsLocalDate()
  attestedOn!: string;

  @ApiProperty({ example: 6, description: 'Months the condition is expected to last, at least (PCM-1: 3)' })
  @IsInt()
  @Min(0)
  @Max(1200)
  expectedDurationMonthsAtLeast!: number;

  @ApiProperty({
    description: 'High risk of hospitalisation, acute exacerbation, functional decline or death',
  })
  @IsBoolean()
  riskOfHospitalizationOrDecline!: boolean;

  @ApiProperty({ description: 'Requires frequent adjustment of the medication regimen' })
  @IsBoolean()
  frequentMedicationAdjustment!: boolean;

  @ApiProperty({ description: 'Needs ongoing communication and care coordination between settings' })
  @IsBoolean()
  ongoingCoordinationNeeded!: boolean;
}
