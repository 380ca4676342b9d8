import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ID_PATTERN as ID,
  CARE_PLAN_REVIEW_ACTIVITIES,
  CARE_PLAN_TYPES,
  SHARE_METHODS,
  type CarePlanReviewActivity,
  type CarePlanType,
  type ShareMethod,
} from '@ccm/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsLocalDate } from '../http/validators';

export class PlannedInterventionDto {
  @ApiProperty({ example: 'Weekly BP review' })
  @IsString()
  @Length(1, 1000)
  description!: string;

  @ApiProperty({ example: 'rn-lopez' })
  @IsString()
  @Length(1, 200)
  responsible!: string;
}

/** PLAN-2 elements; the required ones are checked by the domain so a refusal names every one missing. */
export class CarePlanElementsDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  problemList?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 4000)
  expectedOutcomeAndPrognosis?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 1000, { each: true })
  measurableGoals?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 4000)
  symptomManagement?: string;

  @ApiPropertyOptional({ type: [PlannedInterventionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PlannedInterventionDto)
  plannedInterventions?: PlannedInterventionDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 4000)
  medicationManagement?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 4000)
  coordinationWithOutsideResources?: string;

  @ApiPropertyOptional({ example: 'Reviewed monthly; revised at least yearly' })
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  periodicReview?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 4000)
  cognitiveAndFunctionalAssessment?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 4000)
  environmentalEvaluation?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 4000)
  caregiverAssessment?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 4000)
  communityServices?: string;
}

export class CreateCarePlanDto {
  @ApiPropertyOptional({ enum: CARE_PLAN_TYPES, default: 'comprehensive' })
  @IsOptional()
  @IsIn(CARE_PLAN_TYPES)
  planType?: CarePlanType;

  @ApiPropertyOptional({ example: 'E11.9', description: 'Required for a disease-specific (PCM) plan' })
  @IsOptional()
  @IsString()
  @Length(3, 8)
  focusCondition?: string;

  @ApiProperty({ type: CarePlanElementsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CarePlanElementsDto)
  elements!: CarePlanElementsDto;

  @ApiPropertyOptional({
    example: 'dr-adams',
    description: 'Practitioner sign-off (PLAN-5); defaults to you when you are one',
  })
  @IsOptional()
  @Matches(ID)
  signedOffBy?: string;

  @ApiProperty({ example: '2026-03-02' })
  @IsLocalDate()
  establishedOn!: string;

  @ApiPropertyOptional({
    default: false,
    description: 'A practitioner records a draft without signing it (PLAN-5); staff always draft',
  })
  @IsOptional()
  @IsBoolean()
  draft?: boolean;

  @ApiPropertyOptional({
    default: true,
    description: 'False when the plan is kept outside this electronic record (PLAN-4)',
  })
  @IsOptional()
  @IsBoolean()
  electronic?: boolean;
}

export class ReviewCarePlanDto {
  @ApiProperty({ example: '2026-03-12' })
  @IsLocalDate()
  reviewedOn!: string;

  @ApiProperty({ enum: CARE_PLAN_REVIEW_ACTIVITIES })
  @IsIn(CARE_PLAN_REVIEW_ACTIVITIES)
  activity!: CarePlanReviewActivity;
}

export class ReviseCarePlanDto {
  @ApiProperty({
    type: CarePlanElementsDto,
    description: 'Only the elements that change, with their new content',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => CarePlanElementsDto)
  changes!: CarePlanElementsDto;

  @ApiProperty({ example: 'Added home BP monitoring goal' })
  @IsString()
  @Length(1, 2000)
  changeSummary!: string;

  @ApiProperty({ description: 'Substantial revision (reportable, never required: CODE-4)' })
  @IsBoolean()
  substantial!: boolean;

  @ApiPropertyOptional({ example: 'dr-adams' })
  @IsOptional()
  @Matches(ID)
  signedOffBy?: string;

  @ApiProperty({ example: '2026-03-15' })
  @IsLocalDate()
  revisedOn!: string;
}

export class ShareCarePlanDto {
  @ApiPropertyOptional({ description: 'Version shared; the current one when absent' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiProperty({ enum: ['patient', 'caregiver'] })
  @IsIn(['patient', 'caregiver'])
  recipient!: 'patient' | 'caregiver';

  @ApiProperty({ enum: SHARE_METHODS })
  @IsIn(SHARE_METHODS)
  method!: ShareMethod;

  @ApiProperty({ example: '2026-03-02' })
  @IsLocalDate()
  sharedOn!: string;
}
