import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ID_PATTERN,
  CONTACT_CHANNELS,
  CONTACT_DIRECTIONS,
  CONTACT_OUTCOMES,
  CONTACT_PARTIES,
  type ContactDetails,
} from '@ccm/domain';
import { randomUUID } from 'node:crypto';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandSender, type CommandReceipt } from '../http/command-sender';
import { IsDateTimeInput, toLocalWithOffset } from '../http/validators';

export class RecordContactDto {
  @ApiPropertyOptional({ description: 'Idempotency key; generated when absent' })
  @IsOptional()
  @Matches(ID_PATTERN)
  contactId?: string;

  @ApiProperty({ enum: CONTACT_CHANNELS })
  @IsIn(CONTACT_CHANNELS)
  channel!: ContactDetails['channel'];

  @ApiProperty({ enum: CONTACT_DIRECTIONS })
  @IsIn(CONTACT_DIRECTIONS)
  direction!: ContactDetails['direction'];

  @ApiProperty({ enum: CONTACT_PARTIES })
  @IsIn(CONTACT_PARTIES)
  party!: ContactDetails['party'];

  @ApiProperty({ example: '2026-03-03T10:00' })
  @IsDateTimeInput()
  occurredAt!: string;

  @ApiProperty({ enum: CONTACT_OUTCOMES })
  @IsIn(CONTACT_OUTCOMES)
  outcome!: ContactDetails['outcome'];

  @ApiProperty({ example: 'Reviewed home BP log; reinforced medication schedule.' })
  @IsString()
  @Length(1, 4000)
  summary!: string;

  @ApiPropertyOptional({
    description: 'Outside the practice’s hours: how the patient reached the team at night',
  })
  @IsOptional()
  @IsBoolean()
  afterHours?: boolean;
}

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('patients/:id/contacts')
export class ContactsController {
  constructor(private readonly send: CommandSender) {}

  @Post()
  @Roles('care_manager', 'practitioner')
  @ApiOperation({
    summary:
      'Record a contact with the patient, a caregiver or another party (never refused for billing reasons)',
  })
  async record(
    @Param('id') id: string,
    @Body() body: RecordContactDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { contactId: string }> {
    const contactId = body.contactId ?? randomUUID();
    const receipt = await this.send.toPatient(
      req,
      res,
      id,
      (timeZone) => {
        const occurred = toLocalWithOffset(body.occurredAt, timeZone);
        return {
          type: 'RecordContact',
          data: {
            ...body,
            contactId,
            occurredAt: occurred.local,
            ...(occurred.offset ? { occurredAtOffset: occurred.offset } : {}),
          },
        };
      },
      `contact:${contactId}`,
    );
    return { contactId, ...receipt };
  }
}
