import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AFTER_HOURS_MEANS, ID_PATTERN as ID, type AfterHoursMeans } from '@ccm/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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

export class AfterHoursCoverageDto {
  @ApiProperty({ example: ['dr-adams', 'rn-lopez'], description: 'Roster ids of who covers (may be empty)' })
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(ID, { each: true })
  staffIds!: string[];

  @ApiPropertyOptional({
    example: 'Riverside After-Hours Nurse Line',
    description: 'A named covering service',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  service?: string;
}

export class ArrangeAfterHoursAccessDto {
  @ApiPropertyOptional({ description: 'Idempotency key; generated when absent' })
  @IsOptional()
  @Matches(ID)
  changeId?: string;

  @ApiProperty({ example: '2026-01-01', description: 'From when; may be in the past' })
  @IsLocalDate()
  effectiveOn!: string;

  @ApiProperty({ type: AfterHoursCoverageDto })
  @ValidateNested()
  @Type(() => AfterHoursCoverageDto)
  coveredBy!: AfterHoursCoverageDto;

  @ApiProperty({ enum: AFTER_HOURS_MEANS, isArray: true, example: ['phone_line', 'on_call_clinician'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(AFTER_HOURS_MEANS.length)
  @IsIn(AFTER_HOURS_MEANS, { each: true })
  means!: AfterHoursMeans[];

  @ApiProperty({ description: 'Whoever covers can see the patient’s record' })
  @IsBoolean()
  recordAccess!: boolean;
}

export class EndAfterHoursAccessDto {
  @ApiPropertyOptional({ description: 'Idempotency key; generated when absent' })
  @IsOptional()
  @Matches(ID)
  changeId?: string;

  @ApiProperty({ example: '2026-06-01', description: 'First day without the arrangement' })
  @IsLocalDate()
  effectiveOn!: string;

  @ApiProperty({ example: 'Covering service contract ended' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}
