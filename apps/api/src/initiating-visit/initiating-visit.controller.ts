import { ID_PATTERN as ID } from '@ccm/domain';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandSender, generatedId, type CommandReceipt } from '../http/command-sender';
import { IsLocalDate } from '../http/validators';

export class RecordInitiatingVisitDto {
  @ApiPropertyOptional({ description: 'Idempotency key; generated when absent' })
  @IsOptional()
  @Matches(ID)
  visitId?: string;

  @ApiProperty({ example: '2026-02-27' })
  @IsLocalDate()
  visitDate!: string;

  @ApiProperty({
    example: 'dr-adams',
    description:
      'Roster id of who performed the visit. A visit by clinical staff (99211) is recorded too; billing says it does not qualify (INIT-2, INIT-4)',
  })
  @Matches(ID)
  practitionerId!: string;

  @ApiProperty({
    example: '99214',
    description: 'E/M level 2-5, AWV G0438/G0439, IPPE G0402 or TCM 99495/99496 (INIT-2)',
  })
  @IsString()
  @Length(5, 5)
  visitCode!: string;

  @ApiProperty({ description: 'CCM was discussed at the visit and the discussion documented (INIT-3)' })
  @IsBoolean()
  ccmDiscussed!: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'Extensive assessment and care planning by the practitioner (G0506, INIT-5)',
  })
  @IsOptional()
  @IsBoolean()
  extensiveAssessmentAndCarePlanning?: boolean;
}

@ApiTags('initiating visit')
@ApiBearerAuth()
@Controller('patients/:id/initiating-visit')
export class InitiatingVisitController {
  constructor(private readonly send: CommandSender) {}

  @Post()
  @Roles('practitioner', 'care_manager')
  @ApiOperation({ summary: 'Record the face-to-face visit at which CCM was initiated (INIT-1..5)' })
  async record(
    @Param('id') id: string,
    @Body() body: RecordInitiatingVisitDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { visitId: string }> {
    const visitId = body.visitId ?? generatedId(req);
    const receipt = await this.send.toPatient(
      req,
      res,
      id,
      {
        type: 'RecordInitiatingVisit',
        data: {
          visitId,
          visitDate: body.visitDate,
          practitionerId: body.practitionerId,
          visitCode: body.visitCode,
          ccmDiscussed: body.ccmDiscussed,
          extensiveAssessmentAndCarePlanning: body.extensiveAssessmentAndCarePlanning ?? false,
        },
      },
      `visit:${visitId}`,
    );
    return { visitId, ...receipt };
  }
}
