import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandSender, type CommandReceipt } from '../http/command-sender';
import { RecordSatisfactionSurveyDto } from './satisfaction.dto';

/** Patient-reported satisfaction, recorded by staff (docs/care-quality.md). */
@ApiTags('satisfaction')
@ApiBearerAuth()
@Controller('patients/:id/satisfaction-surveys')
export class SatisfactionController {
  constructor(private readonly send: CommandSender) {}

  @Post()
  @Roles('care_manager', 'practitioner')
  @ApiOperation({
    summary: 'Record a satisfaction survey result; scores outside its stated scale are refused',
  })
  async record(
    @Param('id') id: string,
    @Body() body: RecordSatisfactionSurveyDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { surveyId: string }> {
    const surveyId = body.surveyId ?? randomUUID();
    const receipt = await this.send.toPatient(
      req,
      res,
      id,
      {
        type: 'RecordSatisfactionSurvey',
        data: {
          surveyId,
          completedOn: body.completedOn,
          instrument: body.instrument,
          scale: { min: body.scaleMin, max: body.scaleMax },
          overallScore: body.overallScore,
          ...(body.items ? { items: body.items.map(({ item, score }) => ({ item, score })) } : {}),
        },
      },
      `survey:${surveyId}`,
    );
    return { surveyId, ...receipt };
  }
}
