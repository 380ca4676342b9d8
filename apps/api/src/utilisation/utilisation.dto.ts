import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ID_PATTERN as ID, INPATIENT_STAY_TYPES } from '@ccm/domain';
import { IsIn, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { IsLocalDate } from '../http/validators';

export class RecordEmergencyVisitDto {
  @ApiPropertyOptional({ description: 'Idempotency key; generated when absent' })
  @IsOptional()
  @Matches(ID)
  visitId?: string;

  @ApiProperty({ example: '2026-03-12' })
  @IsLocalDate()
  visitDate!: string;

  @ApiProperty({ example: 'Mercy General Hospital ED' })
  @IsString()
  @Length(1, 200)
  facility!: string;

  @ApiPropertyOptional({
    example: 'I50.9',
    description: 'ICD-10-CM code of the chief complaint or ED diagnosis',
  })
  @IsOptional()
  @IsString()
  @Length(3, 8)
  reasonCode?: string;
}

export class RecordAdmissionDto {
  @ApiPropertyOptional({
    description: 'The stay id (idempotency key, shared with /inpatient-stays); generated when absent',
  })
  @IsOptional()
  @Matches(ID)
  stayId?: string;

  @ApiPropertyOptional({ enum: INPATIENT_STAY_TYPES, default: 'acute_hospital_inpatient' })
  @IsOptional()
  @IsIn(INPATIENT_STAY_TYPES)
  stayType?: (typeof INPATIENT_STAY_TYPES)[number];

  @ApiProperty({ example: '2026-03-10', description: 'Admission date' })
  @IsLocalDate()
  admit!: string;

  @ApiPropertyOptional({
    example: '2026-03-14',
    nullable: true,
    description: 'Absent or null while still in',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsLocalDate()
  discharge?: string | null;
}

export class RecordDischargeDto {
  @ApiProperty({ example: '2026-03-14', description: 'Discharge date; never before the admission' })
  @IsLocalDate()
  discharge!: string;
}
