import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ID_PATTERN } from '@ccm/domain';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandSender, generatedId, type CommandReceipt } from '../http/command-sender';
import { IsLocalDate } from '../http/validators';

export class DesignateCareTeamMemberDto {
  @ApiPropertyOptional({ description: 'Idempotency key; generated when absent' })
  @IsOptional()
  @Matches(ID_PATTERN)
  designationId?: string;

  @ApiProperty({ example: 'rn-lopez', description: 'Roster id of the designated care-team member' })
  @Matches(ID_PATTERN)
  memberId!: string;

  @ApiProperty({ example: '2026-03-01', description: 'From when; may be in the past, not before enrolment' })
  @IsLocalDate()
  effectiveOn!: string;

  @ApiPropertyOptional({ example: 'Nurse care manager for the diabetes panel' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

/** Continuity of care: the care-team member each patient is designated to, over time. */
@ApiTags('care team')
@ApiBearerAuth()
@Controller('patients/:id/designated-care-team-member')
export class CareTeamController {
  constructor(private readonly send: CommandSender) {}

  @Post()
  @Roles('admin', 'care_manager', 'practitioner')
  @ApiOperation({
    summary: 'Assign or change the patient’s designated care-team member from a date (continuity of care)',
  })
  async designate(
    @Param('id') id: string,
    @Body() body: DesignateCareTeamMemberDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { designationId: string }> {
    const designationId = body.designationId ?? generatedId(req);
    const receipt = await this.send.toPatient(
      req,
      res,
      id,
      { type: 'DesignateCareTeamMember', data: { ...body, designationId } },
      `designation:${designationId}`,
    );
    return { designationId, ...receipt };
  }
}
