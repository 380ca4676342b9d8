import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CarePlanElements } from '@ccm/domain';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandSender, type CommandReceipt } from '../http/command-sender';
import {
  CarePlanElementsDto,
  CreateCarePlanDto,
  ReviewCarePlanDto,
  ReviseCarePlanDto,
  ShareCarePlanDto,
} from './care-plan.dto';

/** Plain data for the domain: class instances and absent keys removed. */
function elementsOf(dto: CarePlanElementsDto): CarePlanElements {
  return JSON.parse(JSON.stringify(dto)) as CarePlanElements;
}

@ApiTags('care plan')
@ApiBearerAuth()
@Controller('patients/:id/care-plan')
export class CarePlanController {
  constructor(private readonly send: CommandSender) {}

  @Post()
  @Roles('practitioner', 'care_manager')
  @ApiOperation({
    summary:
      'Establish the comprehensive (or disease-specific) care plan, version 1 (PLAN-1, PLAN-2, PLAN-5). A plan drafted by staff without a practitioner sign-off is recorded as a draft',
  })
  create(
    @Param('id') id: string,
    @Body() body: CreateCarePlanDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(req, res, id, {
      type: 'CreateCarePlan',
      data: {
        planType: body.planType ?? 'comprehensive',
        ...(body.focusCondition ? { focusCondition: body.focusCondition } : {}),
        elements: elementsOf(body.elements),
        // A practitioner establishing the plan signs it unless they say it is a draft; staff draft it.
        signedOffBy:
          body.signedOffBy ??
          (req.actor?.role === 'practitioner' && !body.draft ? req.actor.userId : undefined),
        establishedOn: body.establishedOn,
        ...(body.electronic === false ? { electronic: false } : {}),
      },
    });
  }

  @Post('revisions')
  @Roles('practitioner', 'care_manager')
  @ApiOperation({ summary: 'Record a new version of the plan with what changed' })
  revise(
    @Param('id') id: string,
    @Body() body: ReviseCarePlanDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(req, res, id, {
      type: 'ReviseCarePlan',
      data: {
        changes: elementsOf(body.changes),
        changeSummary: body.changeSummary,
        substantial: body.substantial,
        ...(body.signedOffBy ? { signedOffBy: body.signedOffBy } : {}),
        revisedOn: body.revisedOn,
      },
    });
  }

  @Post('reviews')
  @Roles('practitioner', 'care_manager')
  @ApiOperation({
    summary:
      'Record that the plan was monitored or implemented on a day without changing it (PLAN-1, CODE-4)',
  })
  review(
    @Param('id') id: string,
    @Body() body: ReviewCarePlanDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(req, res, id, {
      type: 'ReviewCarePlan',
      data: { reviewedOn: body.reviewedOn, activity: body.activity },
    });
  }

  @Post('shares')
  @Roles('practitioner', 'care_manager')
  @ApiOperation({ summary: 'Record that the patient or caregiver received a copy (PLAN-3)' })
  share(
    @Param('id') id: string,
    @Body() body: ShareCarePlanDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(req, res, id, {
      type: 'ShareCarePlan',
      data: {
        ...(body.version ? { version: body.version } : {}),
        recipient: body.recipient,
        method: body.method,
        sharedOn: body.sharedOn,
      },
    });
  }
}
