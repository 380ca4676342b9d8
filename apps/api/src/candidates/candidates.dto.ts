import { OUTREACH_CHANNELS, OUTREACH_OUTCOMES, OUTREACH_PURPOSES, ID_PATTERN } from '@ccm/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsDateTimeInput, IsLocalDate } from '../http/validators';

const ID_MESSAGE = '$property must be 1-64 letters, digits, _ or -';

export class RecordOutreachDto {
  @ApiPropertyOptional({ example: 'or-0001', description: 'Idempotency key; a new id when absent' })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  attemptId?: string;

  @ApiProperty({
    example: '2026-03-02T10:15',
    description: 'When the attempt was made: practice-local date-time, or an ISO instant with offset',
  })
  @IsDateTimeInput()
  attemptedAt!: string;

  @ApiProperty({ enum: OUTREACH_CHANNELS })
  @IsIn(OUTREACH_CHANNELS)
  channel!: (typeof OUTREACH_CHANNELS)[number];

  @ApiProperty({ enum: OUTREACH_PURPOSES })
  @IsIn(OUTREACH_PURPOSES)
  purpose!: (typeof OUTREACH_PURPOSES)[number];

  @ApiProperty({ enum: OUTREACH_OUTCOMES })
  @IsIn(OUTREACH_OUTCOMES)
  outcome!: (typeof OUTREACH_OUTCOMES)[number];
}

export class LinkEnrolmentDto {
  @ApiProperty({ example: 'pt-0001', description: 'The patient the candidate was enrolled as' })
  @IsString()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  patientId!: string;

  @ApiProperty({ example: '2026-03-02' })
  @IsLocalDate()
  enrolledOn!: string;
}
