import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ID_PATTERN as ID, MAX_ATTEMPTED_LINES, MAX_ATTEMPTED_UNITS } from '@ccm/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

/** CPT (five digits) or HCPCS level II (a letter and four digits), in either case. */
const CODE = /^([0-9]{5}|[A-Za-z][0-9]{4})$/;

export class AttemptedLineDto {
  @ApiProperty({ example: '99424', description: 'CPT or HCPCS code' })
  @IsString()
  @Matches(CODE, { message: '$property must be a CPT or HCPCS code' })
  code!: string;

  @ApiPropertyOptional({ example: 1, minimum: 1, maximum: MAX_ATTEMPTED_UNITS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ATTEMPTED_UNITS)
  units?: number;
}

export class RecordAttemptedClaimLinesDto {
  @ApiProperty({ description: 'Idempotency key: the same attempt re-sent is answered as already applied' })
  @Matches(ID)
  attemptId!: string;

  @ApiProperty({ type: [AttemptedLineDto], description: `1 to ${MAX_ATTEMPTED_LINES} lines` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ATTEMPTED_LINES)
  @ValidateNested({ each: true })
  @Type(() => AttemptedLineDto)
  lines!: AttemptedLineDto[];
}
