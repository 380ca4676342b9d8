import { ID_PATTERN as ID } from '@ccm/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
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
