import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ID_PATTERN as ID, STAFF_ROLES, type StaffRole } from '@ccm/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class BillingPractitionerDto {
  @ApiProperty({ example: 'dr-adams', description: 'Roster id of the practitioner' })
  @Matches(ID)
  id!: string;

  @ApiProperty({
    example: '1234567893',
    description: 'National Provider Identifier (10 digits, check digit verified)',
  })
  @Matches(/^\d{10}$/)
  npi!: string;

  @ApiProperty({ example: 'MD', description: 'MD, DO, NP, PA, CNS, CNM' })
  @IsString()
  @Length(1, 16)
  credential!: string;

  @ApiPropertyOptional({ example: 'family_medicine', description: 'Specialty, informational' })
  @IsOptional()
  @Matches(/^[a-z][a-z_]{1,63}$/)
  specialty?: string;
}

export class StaffMemberDto {
  @ApiProperty({ example: 'rn-lopez' })
  @Matches(ID)
  id!: string;

  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES)
  role!: StaffRole;

  @ApiProperty({ example: 'RN' })
  @IsString()
  @Length(1, 32)
  credential!: string;
}

export class PracticeProfileDto {
  @ApiProperty({ example: 'Riverside Family Medicine' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({
    example: 'America/Chicago',
    description: 'IANA time zone; billing months are its local months',
  })
  @IsString()
  @MaxLength(64)
  timeZone!: string;

  @ApiProperty({ type: [BillingPractitionerDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => BillingPractitionerDto)
  billingPractitioners!: BillingPractitionerDto[];

  @ApiProperty({ type: [StaffMemberDto] })
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => StaffMemberDto)
  staff!: StaffMemberDto[];
}

export class RegisterPracticeDto extends PracticeProfileDto {
  @ApiProperty({ example: 'riverside', description: 'Must be the practice named in your token' })
  @Matches(ID)
  practiceId!: string;
}
