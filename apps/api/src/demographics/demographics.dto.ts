import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ADMINISTRATIVE_SEXES,
  ID_PATTERN,
  isMbi,
  phoneOf,
  postalCodeOf,
  US_STATE_CODES,
  type AdministrativeSex,
  type Demographics,
} from '@ccm/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Follows, IsLocalDate } from '../http/validators';

export class NameDto {
  @ApiProperty({ example: ['Maria', 'Elena'], description: 'Given names in order; 1-5' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  given!: string[];

  @ApiProperty({ example: 'Okafor' })
  @IsString()
  @Length(1, 100)
  family!: string;
}

export class AddressDto {
  @ApiProperty({ example: ['12 Elm St', 'Apt 4'], description: 'Street lines; 1-3' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  lines!: string[];

  @ApiProperty({ example: 'Riverside' })
  @IsString()
  @Length(1, 100)
  city!: string;

  @ApiProperty({ example: 'CA', description: 'USPS two-letter code (states, DC, territories, AA/AE/AP)' })
  @Follows('isUsState', (v) => US_STATE_CODES.has(v.trim().toUpperCase()), 'a two-letter US state code')
  state!: string;

  @ApiProperty({ example: '92501-1234', description: 'ZIP (5 digits) or ZIP+4 (9, with or without dash)' })
  @Follows('isZip', (v) => postalCodeOf(v) !== undefined, 'a ZIP code of 5 or 9 digits')
  postalCode!: string;
}

const MBI_SHAPE =
  'a Medicare Beneficiary Identifier: 11 characters as CMS defines them (dashes as on the card are taken)';
const PHONE_SHAPE = 'a US phone number of 10 digits';

/**
 * Optional only in a correction: a recording takes every field, a correction any of them. (The check
 * runs when the body is validated, once both classes below exist.)
 */
const OptionalInCorrection = () =>
  ValidateIf((body: object, value: unknown) => value !== undefined || body instanceof RecordDemographicsDto);

class DemographicFieldsDto {
  @ApiPropertyOptional({ type: NameDto })
  @OptionalInCorrection()
  @IsObject()
  @ValidateNested()
  @Type(() => NameDto)
  name?: NameDto;

  @ApiPropertyOptional({ example: '1946-09-14', description: 'Not in the future, not over 130 years ago' })
  @OptionalInCorrection()
  @IsLocalDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({ enum: ADMINISTRATIVE_SEXES, description: 'Administrative sex, as FHIR has it' })
  @OptionalInCorrection()
  @IsIn(ADMINISTRATIVE_SEXES)
  sex?: AdministrativeSex;

  @ApiPropertyOptional({ example: '1EG4-TE5-MK73', description: 'Stored upper case without dashes' })
  @OptionalInCorrection()
  @Follows('isMbi', isMbi, MBI_SHAPE)
  mbi?: string;

  @ApiPropertyOptional({ type: AddressDto })
  @OptionalInCorrection()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @ApiPropertyOptional({ example: '(951) 555-0142', description: 'Stored as its 10 digits' })
  @OptionalInCorrection()
  @Follows('isPhone', (v) => phoneOf(v) !== undefined, PHONE_SHAPE)
  phone?: string;
}

/** Every field is required when demographics are first recorded. */
export class RecordDemographicsDto extends DemographicFieldsDto {}

export class CorrectDemographicsDto extends DemographicFieldsDto {
  @ApiPropertyOptional({ description: 'Idempotency key; generated when absent' })
  @IsOptional()
  @Matches(ID_PATTERN)
  correctionId?: string;

  @ApiProperty({ example: 'MBI read from the new Medicare card' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

/** The validated body's demographic fields, as the domain takes them (it stores them canonical). */
export function demographicsOf(body: DemographicFieldsDto): Partial<Demographics> {
  const { name, dateOfBirth, sex, mbi, address, phone } = body;
  return {
    ...(name ? { name: { given: name.given, family: name.family } } : {}),
    ...(dateOfBirth !== undefined ? { dateOfBirth } : {}),
    ...(sex !== undefined ? { sex } : {}),
    ...(mbi !== undefined ? { mbi } : {}),
    ...(address
      ? {
          address: {
            lines: address.lines,
            city: address.city,
            state: address.state,
            postalCode: address.postalCode,
          },
        }
      : {}),
    ...(phone !== undefined ? { phone } : {}),
  };
}
