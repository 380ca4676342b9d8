import { Controller, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { isLocalDate } from '@ccm/domain';
import {
  panelFromBundle,
  problemsOfRefusals,
  statusOfProblems,
  transactionResponseOf,
  type ImportProblem,
} from '@ccm/interop';
import {
  CandidateRecords,
  CommandRefusedError,
  ConcurrencyConflictError,
  PanelImportRefusedError,
} from '@ccm/record';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandSender } from '../http/command-sender';
import { sendOutcome } from './fhir-import-body';

const refused = (res: Response, problems: readonly ImportProblem[]) =>
  sendOutcome(res, statusOfProblems(problems), problems);

/**
 * The practice's EHR panel as FHIR R4 (docs/eligibility.md): a Bundle of Patient, Condition, Coverage
 * and Encounter, each Patient a candidate. All or nothing: any refusal records nothing, and is answered
 * as an OperationOutcome naming the entries and elements at fault.
 */
@ApiTags('candidates')
@ApiBearerAuth()
@Controller('fhir')
export class FhirImportController {
  constructor(
    private readonly candidates: CandidateRecords,
    private readonly send: CommandSender,
  ) {}

  @Post()
  @Roles('admin', 'care_manager', 'practitioner')
  @ApiConsumes('application/fhir+json', 'application/json')
  @ApiOperation({
    summary:
      'Import the EHR panel: a transaction (or collection, searchset) Bundle of Patient, Condition, Coverage, Encounter; answers a transaction-response',
  })
  @ApiQuery({
    name: 'identifiedOn',
    required: false,
    description: 'the day the panel was drawn (today by default)',
  })
  async importBundle(
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
    @Query('identifiedOn') identifiedOn: unknown,
  ): Promise<void> {
    if (identifiedOn !== undefined && (typeof identifiedOn !== 'string' || !isLocalDate(identifiedOn)))
      return refused(res, [
        {
          status: 400,
          reason: 'VALIDATION_FAILED',
          message: 'identifiedOn must be a date YYYY-MM-DD.',
          expression: ['identifiedOn'],
        },
      ]);
    const panel = panelFromBundle(req.body as unknown);
    if ('problems' in panel) return refused(res, panel.problems);
    try {
      const outcome = await this.candidates.importPanel(
        panel.items,
        this.send.requestContext(req),
        identifiedOn,
      );
      if (outcome.position) res.setHeader('X-CCM-Position', outcome.position);
      res
        .status(200)
        .type('application/fhir+json')
        .send(JSON.stringify(transactionResponseOf(panel, outcome.items)));
    } catch (error) {
      if (error instanceof PanelImportRefusedError)
        return refused(res, problemsOfRefusals(error.refusals, panel));
      if (error instanceof CommandRefusedError)
        return refused(res, [
          { status: 422, reason: error.refusal.code, message: error.refusal.message, expression: [] },
        ]);
      if (error instanceof ConcurrencyConflictError)
        return refused(res, [
          { status: 409, reason: 'REVISION_CONFLICT', message: error.message, expression: [] },
        ]);
      throw error;
    }
  }
}
