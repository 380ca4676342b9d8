import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ADHERENCE_FINDINGS,
  ADHERENCE_MEASURES,
  ADHERENCE_METHODS,
  DISCREPANCY_KINDS,
  ID_PATTERN as ID,
  MEDICATION_ROUTES,
  RECONCILIATION_ACTIONS,
  RECONCILIATION_SOURCES,
  type MedicationRoute,
  type ReconciliationSource,
} from '@ccm/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsLocalDate } from '../http/validators';

export class AddMedicationDto {
  @ApiPropertyOptional({ description: 'Idempotency key and the id changes name; generated when absent' })
  @IsOptional()
  @Matches(ID)
  medicationId?: string;

  @ApiProperty({ example: 'Metformin' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: '500 mg' })
  @IsString()
  @Length(1, 100)
  dose!: string;

  @ApiProperty({ enum: MEDICATION_ROUTES })
  @IsIn(MEDICATION_ROUTES)
  route!: MedicationRoute;

  @ApiProperty({ example: 'twice daily' })
  @IsString()
  @Length(1, 100)
  frequency!: string;

  @ApiProperty({ example: 'dr-adams', description: 'Roster id or name of the prescriber' })
  @IsString()
  @Length(1, 200)
  prescriber!: string;

  @ApiProperty({ example: '2025-06-01' })
  @IsLocalDate()
  startedOn!: string;
}

export class ChangeMedicationDto {
  @ApiPropertyOptional({ description: 'Idempotency key; generated when absent' })
  @IsOptional()
  @Matches(ID)
  changeId?: string;

  @ApiProperty({ example: '2026-03-10' })
  @IsLocalDate()
  changedOn!: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ example: '1000 mg' }) @IsOptional() @IsString() @Length(1, 100) dose?: string;
  @ApiPropertyOptional({ enum: MEDICATION_ROUTES })
  @IsOptional()
  @IsIn(MEDICATION_ROUTES)
  route?: MedicationRoute;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) frequency?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) prescriber?: string;

  @ApiProperty({ example: 'HbA1c above goal' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class StopMedicationDto {
  @ApiProperty({ example: '2026-03-12' })
  @IsLocalDate()
  stoppedOn!: string;

  @ApiProperty({ example: 'GI intolerance' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class ReconciliationChangeDto {
  @ApiProperty({ example: 'med-metformin', description: 'A medication on the patient’s list' })
  @Matches(ID)
  medicationId!: string;

  @ApiProperty({ enum: RECONCILIATION_ACTIONS })
  @IsIn(RECONCILIATION_ACTIONS)
  action!: (typeof RECONCILIATION_ACTIONS)[number];
}

export class DiscrepancyDto {
  @ApiProperty({ enum: DISCREPANCY_KINDS })
  @IsIn(DISCREPANCY_KINDS)
  kind!: (typeof DISCREPANCY_KINDS)[number];

  @ApiPropertyOptional({ description: 'A medication on the patient’s list, when it concerns one' })
  @IsOptional()
  @Matches(ID)
  medicationId?: string;

  @ApiProperty({ example: 'Discharge summary lists 850 mg' })
  @IsString()
  @Length(1, 1000)
  description!: string;

  @ApiProperty()
  @IsBoolean()
  resolved!: boolean;

  @ApiPropertyOptional({ example: 'Confirmed 500 mg with the prescriber' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  resolution?: string;
}

export class ReconcileMedicationsDto {
  @ApiPropertyOptional({ description: 'Idempotency key; generated when absent' })
  @IsOptional()
  @Matches(ID)
  reconciliationId?: string;

  @ApiPropertyOptional({ example: 'rn-lopez', description: 'Roster id of who reconciled; defaults to you' })
  @IsOptional()
  @Matches(ID)
  reconciledBy?: string;

  @ApiProperty({ example: '2026-03-12' })
  @IsLocalDate()
  reconciledOn!: string;

  @ApiProperty({ enum: RECONCILIATION_SOURCES })
  @IsIn(RECONCILIATION_SOURCES)
  source!: ReconciliationSource;

  @ApiProperty({ description: 'The list was reviewed for interactions' })
  @IsBoolean()
  interactionsReviewed!: boolean;

  @ApiProperty({ type: [ReconciliationChangeDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ReconciliationChangeDto)
  changes!: ReconciliationChangeDto[];

  @ApiProperty({ type: [DiscrepancyDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DiscrepancyDto)
  discrepancies!: DiscrepancyDto[];
}

export class CheckAdherenceDto {
  @ApiPropertyOptional({ description: 'Idempotency key; generated when absent' })
  @IsOptional()
  @Matches(ID)
  checkId?: string;

  @ApiPropertyOptional({ nullable: true, description: 'A medication on the list; null or absent: overall' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Matches(ID)
  medicationId?: string | null;

  @ApiProperty({ example: '2026-03-20' })
  @IsLocalDate()
  checkedOn!: string;

  @ApiProperty({ enum: ADHERENCE_METHODS })
  @IsIn(ADHERENCE_METHODS)
  method!: (typeof ADHERENCE_METHODS)[number];

  @ApiProperty({ enum: ADHERENCE_MEASURES })
  @IsIn(ADHERENCE_MEASURES)
  measure!: (typeof ADHERENCE_MEASURES)[number];

  @ApiPropertyOptional({ example: 0.82, description: 'Measured proportion 0..1 (e.g. of days covered)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  value?: number;

  @ApiProperty({ enum: ADHERENCE_FINDINGS })
  @IsIn(ADHERENCE_FINDINGS)
  finding!: (typeof ADHERENCE_FINDINGS)[number];
}
