import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CODE_PATTERN,
  ID_PATTERN,
  isValidNpi,
  MAX_CHARGE_CENTS,
  MAX_FEES,
  PAYER_ID_PATTERN,
  PLACE_OF_SERVICE_PATTERN,
  phoneOf,
  postalCodeOf,
  taxIdOf,
  US_STATE_CODES,
} from '@ccm/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Follows, IsLocalDate } from '../http/validators';

export class BillingAddressDto {
  @ApiProperty({ example: ['100 Main St', 'Suite 2'], description: 'Street lines (no post-office box); 1-2' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @IsString({ each: true })
  @Length(1, 55, { each: true })
  lines!: string[];

  @ApiProperty({ example: 'Riverside' })
  @IsString()
  @Length(1, 30)
  city!: string;

  @ApiProperty({ example: 'CA', description: 'USPS two-letter code' })
  @Follows('isUsState', (v) => US_STATE_CODES.has(v.trim().toUpperCase()), 'a two-letter US state code')
  state!: string;

  @ApiProperty({
    example: '92501-1234',
    description: 'ZIP+4: the 837P wants 9 digits for the billing provider',
  })
  @Follows('isZipPlus4', (v) => postalCodeOf(v)?.length === 9, 'a ZIP+4 code of 9 digits')
  postalCode!: string;
}

export class BillingProviderDto {
  @ApiProperty({ example: 'Riverside Family Medicine' })
  @IsString()
  @Length(1, 60)
  organisationName!: string;

  @ApiProperty({
    example: '1245319599',
    description: 'The organisation’s NPI (type 2), check digit verified',
  })
  @Follows('isNpi', isValidNpi, 'a National Provider Identifier of 10 digits with a valid check digit')
  npi!: string;

  @ApiProperty({
    example: '12-3456789',
    description: 'Employer identification number, with or without its dash',
  })
  @Follows('isEin', (v) => taxIdOf(v) !== undefined, 'an employer identification number of 9 digits')
  taxId!: string;

  @ApiProperty({ type: BillingAddressDto })
  @ValidateNested()
  @Type(() => BillingAddressDto)
  address!: BillingAddressDto;

  @ApiProperty({ example: '(951) 555-0100', description: 'Who the payer calls about these claims' })
  @Follows('isPhone', (v) => phoneOf(v) !== undefined, 'a US phone number of 10 digits')
  phone!: string;
}

export class PayerDto {
  @ApiProperty({ example: 'Noridian JE Part B', description: 'The Medicare contractor receiving the claims' })
  @IsString()
  @Length(1, 60)
  name!: string;

  @ApiProperty({ example: '01112', description: 'Its payer id for electronic claims' })
  @Matches(PAYER_ID_PATTERN)
  id!: string;
}

export class FeeDto {
  @ApiProperty({ example: '99490', description: 'CPT (5 digits) or HCPCS (a letter and 4 digits)' })
  @Matches(CODE_PATTERN)
  code!: string;

  @ApiProperty({ example: 9000, description: 'The practice’s charge for one unit, in cents' })
  @IsInt()
  @Min(1)
  @Max(MAX_CHARGE_CENTS)
  chargeCents!: number;
}

export class RecordBillingSetupDto {
  @ApiPropertyOptional({ description: 'Idempotency key; generated when absent' })
  @IsOptional()
  @Matches(ID_PATTERN)
  setupId?: string;

  @ApiProperty({ example: '2026-01-01', description: 'From when it holds, until a later-effective setup' })
  @IsLocalDate()
  effectiveFrom!: string;

  @ApiProperty({ type: BillingProviderDto })
  @ValidateNested()
  @Type(() => BillingProviderDto)
  billingProvider!: BillingProviderDto;

  @ApiProperty({ example: '11', description: 'CMS place-of-service code, 2 digits (11: office)' })
  @Matches(PLACE_OF_SERVICE_PATTERN)
  placeOfService!: string;

  @ApiProperty({ type: PayerDto })
  @ValidateNested()
  @Type(() => PayerDto)
  payer!: PayerDto;

  @ApiProperty({ type: [FeeDto], description: 'The fee schedule: one charge per code' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_FEES)
  @ValidateNested({ each: true })
  @Type(() => FeeDto)
  fees!: FeeDto[];
}
