import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ID_PATTERN as ID } from '@ccm/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsLocalDate } from '../http/validators';

export const MAX_SURVEY_ITEMS = 50;

export class SurveyItemDto {
  @ApiProperty({ example: 'Easy to reach the care team' })
  @IsString()
  @Length(1, 200)
  item!: string;

  @ApiProperty({ example: 5, description: 'On the survey’s scale' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  score!: number;
}

export class RecordSatisfactionSurveyDto {
  @ApiPropertyOptional({ description: 'Idempotency key; generated when absent' })
  @IsOptional()
  @Matches(ID)
  surveyId?: string;

  @ApiProperty({ example: '2026-03-20' })
  @IsLocalDate()
  completedOn!: string;

  @ApiProperty({ example: 'CCM patient satisfaction v1' })
  @IsString()
  @Length(1, 100)
  instrument!: string;

  @ApiProperty({ example: 1, description: 'Lowest score of the scale' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  scaleMin!: number;

  @ApiProperty({ example: 5, description: 'Highest score of the scale' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  scaleMax!: number;

  @ApiProperty({ example: 4, description: 'Overall rating, on the scale' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  overallScore!: number;

  @ApiPropertyOptional({ type: [SurveyItemDto], description: `Up to ${MAX_SURVEY_ITEMS} item scores` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SURVEY_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => SurveyItemDto)
  items?: SurveyItemDto[];
}
