import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEMOGRAPHICS_KEY, type Demographics } from '@ccm/domain';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandSender, generatedId, type CommandReceipt } from '../http/command-sender';
import { CorrectDemographicsDto, demographicsOf, RecordDemographicsDto } from './demographics.dto';

/**
 * Name, date of birth, sex, MBI, address and phone (docs/interop.md): recorded once, then corrected by
 * new events. Recorded by those who enrol patients and those who contact them.
 */
@ApiTags('demographics')
@ApiBearerAuth()
@Controller('patients/:id/demographics')
export class DemographicsController {
  constructor(private readonly send: CommandSender) {}

  @Post()
  @Roles('admin', 'care_manager', 'practitioner')
  @ApiOperation({
    summary:
      'Record the patient’s name, date of birth, sex, MBI, address and phone (once; a re-send is replayed)',
  })
  async record(
    @Param('id') id: string,
    @Body() body: RecordDemographicsDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(
      req,
      res,
      id,
      { type: 'RecordDemographics', data: demographicsOf(body) as Demographics },
      DEMOGRAPHICS_KEY,
    );
  }

  @Post('corrections')
  @Roles('admin', 'care_manager', 'practitioner')
  @ApiOperation({
    summary: 'Correct any of the demographic fields with a reason: a new event; readers use the correction',
  })
  async correct(
    @Param('id') id: string,
    @Body() body: CorrectDemographicsDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { correctionId: string }> {
    const correctionId = body.correctionId ?? generatedId(req);
    const receipt = await this.send.toPatient(
      req,
      res,
      id,
      {
        type: 'CorrectDemographics',
        data: { ...demographicsOf(body), correctionId, reason: body.reason },
      },
      `demographics-correction:${correctionId}`,
    );
    return { correctionId, ...receipt };
  }
}
