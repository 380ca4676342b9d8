import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  CONFLICT_CODES,
  isLocalDate,
  PANEL_CONFLICT_CODES,
  type Actor,
  type IdentifiedCandidate,
} from '@ccm/domain';
import {
  CCW_CHRONIC_CONDITIONS,
  CHRONIC_CONDITION_LIST,
  findEligible,
  type CandidateEligibility,
} from '@ccm/interop';
import {
  CandidateRecords,
  CommandRefusedError,
  PanelImportRefusedError,
  PatientRecords,
  type CommandOutcome,
} from '@ccm/record';
import type { Response } from 'express';
import { CurrentActor, Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import {
  CommandSender,
  generatedId,
  parseIfMatch,
  requirePathId,
  type CommandReceipt,
} from '../http/command-sender';
import { toLocal } from '../http/validators';
import { pageRequest } from '../read-models/read-params';
import { LinkEnrolmentDto, RecordOutreachDto } from './candidates.dto';
import { csvFieldsOfRefusals, panelFromCsv } from './panel-csv';

/** Those who enrol patients and those who contact them, as for a patient's record. */
const CANDIDATE_ROLES = ['admin', 'care_manager', 'practitioner'] as const;
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

const invalidParam = (field: string, error: string) =>
  new ApiError(400, 'VALIDATION_FAILED', 'A parameter is malformed.', {
    fields: [{ field, errors: [error] }],
  });

/** The candidate as folded now, without the decider's bookkeeping. */
function candidateView(state: IdentifiedCandidate, revision: number) {
  const { status: _status, version: _version, ...candidate } = state;
  return { ...candidate, revision };
}

/** Refusals about who is who are conflicts; an unknown candidate is not found; the rest are the rules'. */
function asApiError(error: unknown): unknown {
  if (!(error instanceof CommandRefusedError)) return error;
  const { code, message, details } = error.refusal;
  if (code === 'CANDIDATE_NOT_FOUND') return new ApiError(404, code, message);
  if (code === 'CANDIDATE_ALREADY_ENROLLED' || CONFLICT_CODES.has(code))
    return new ApiError(409, code, message);
  return new ApiError(422, code, message, details ? { details } : {});
}

/**
 * Candidates: people on the practice's EHR panel, found eligible or not, reached and enrolled
 * (docs/eligibility.md). Reads are access-logged like every read; writes carry who made them.
 */
@ApiTags('candidates')
@ApiBearerAuth()
@Controller('candidates')
export class CandidatesController {
  constructor(
    private readonly candidates: CandidateRecords,
    private readonly patients: PatientRecords,
    private readonly send: CommandSender,
  ) {}

  @Post('panel.csv')
  @HttpCode(200)
  @Roles(...CANDIDATE_ROLES)
  @ApiConsumes('text/csv')
  @ApiOperation({
    summary: 'Import the EHR panel as CSV (docs/eligibility.md for the columns); all or nothing',
  })
  @ApiQuery({
    name: 'identifiedOn',
    required: false,
    description: 'the day the panel was drawn (today by default)',
  })
  async importCsv(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
    @Query('identifiedOn') identifiedOn: unknown,
  ) {
    if (identifiedOn !== undefined && (typeof identifiedOn !== 'string' || !isLocalDate(identifiedOn)))
      throw invalidParam('identifiedOn', 'must be a date YYYY-MM-DD');
    const panel = panelFromCsv(typeof req.body === 'string' ? req.body : '');
    if ('errors' in panel)
      throw new ApiError(400, 'VALIDATION_FAILED', 'The panel has fields at fault.', {
        fields: panel.errors,
      });
    try {
      const outcome = await this.candidates.importPanel(
        panel.items,
        this.send.requestContext(req),
        identifiedOn,
      );
      if (outcome.position) res.setHeader('X-CCM-Position', outcome.position);
      return {
        candidates: outcome.items.map(({ ref, candidateId, outcome: what, revision }) => ({
          row: Number(/\d+/.exec(ref)?.[0]),
          candidateId,
          outcome: what,
          revision,
        })),
      };
    } catch (error) {
      if (!(error instanceof PanelImportRefusedError)) throw asApiError(error);
      const conflict = error.refusals.some((r) => PANEL_CONFLICT_CODES.has(r.code));
      throw new ApiError(
        conflict ? 409 : 422,
        error.refusals[0].code,
        'The panel was refused; nothing was recorded.',
        {
          fields: csvFieldsOfRefusals(error.refusals).map((field) => ({
            field,
            errors: ['refused by the panel rules'],
          })),
          details: { refusals: error.refusals.map(({ ref, code }) => ({ row: ref, reason: code })) },
        },
      );
    }
  }

  @Get('eligibility')
  @Roles(...CANDIDATE_ROLES)
  @ApiOperation({
    summary:
      'Each candidate as of a date: eligible or not, with every criterion (two CCW chronic conditions, Medicare Part B, a recent visit) met or not (paged)',
  })
  @ApiQuery({ name: 'asOf', required: true, example: '2026-03-31' })
  @ApiQuery({ name: 'eligible', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  async eligibility(
    @Query('asOf') asOf: string | undefined,
    @Query('eligible') eligible: string | undefined,
    @Query('limit') limit: string | undefined,
    @Query('cursor') cursor: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    if (asOf === undefined || !isLocalDate(asOf)) throw invalidParam('asOf', 'must be a date YYYY-MM-DD');
    if (eligible !== undefined && eligible !== 'true' && eligible !== 'false')
      throw invalidParam('eligible', 'must be true or false');
    const page = pageRequest(limit, cursor);
    const size = page.limit ?? DEFAULT_PAGE;
    if (size < 1 || size > MAX_PAGE) throw invalidParam('limit', `must be an integer from 1 to ${MAX_PAGE}`);
    const practice = await this.patients.registeredPractice(actor.practiceId);
    // Ids are unique and listed in code-unit order; the cursor is the last id of the page before. Only as
    // many candidates are read as fill the page (and tell whether another follows).
    const ids = (await this.candidates.candidateIds(actor.practiceId)).filter(
      (id) => page.cursor === undefined || id > (page.cursor as string),
    );
    const items: CandidateEligibility[] = [];
    let more = false;
    for (let from = 0; from < ids.length && !more; from += size) {
      const loaded = await this.candidates.identified(actor.practiceId, ids.slice(from, from + size));
      const states = [...loaded.values()].map((stream) => stream.state);
      for (const found of findEligible(states, practice, asOf)) {
        if (eligible !== undefined && String(found.eligible) !== eligible) continue;
        if (items.length === size) {
          more = true;
          break;
        }
        items.push(found);
      }
    }
    return {
      asOf,
      conditionList: { ...CHRONIC_CONDITION_LIST, categories: CCW_CHRONIC_CONDITIONS.length },
      items,
      nextCursor: more ? items[items.length - 1].candidateId : null,
    };
  }

  @Get(':id')
  @Roles(...CANDIDATE_ROLES)
  @ApiOperation({
    summary: 'The candidate as imported, with its outreach attempts and enrolment (ETag = revision)',
  })
  async get(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { state, revision } = await this.candidates.load(actor.practiceId, requirePathId(id, 'id'));
    if (state.status !== 'identified')
      throw new ApiError(404, 'CANDIDATE_NOT_FOUND', 'No such candidate in this practice.');
    res.setHeader('ETag', `"${revision}"`);
    return candidateView(state, revision);
  }

  @Post(':id/outreach')
  @Roles(...CANDIDATE_ROLES)
  @ApiOperation({ summary: 'Record an outreach attempt (phone, mail, portal, in person) and its outcome' })
  async outreach(
    @Param('id') id: string,
    @Body() body: RecordOutreachDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { attemptId: string }> {
    const attemptId = body.attemptId ?? generatedId(req);
    const outcome = await this.execute(req, res, id, `outreach:${attemptId}`, (timeZone) => ({
      type: 'RecordOutreach',
      data: {
        attemptId,
        attemptedAt: toLocal(body.attemptedAt, timeZone),
        channel: body.channel,
        purpose: body.purpose,
        outcome: body.outcome,
      },
    }));
    return { attemptId, ...outcome };
  }

  @Post(':id/enrolment')
  @Roles(...CANDIDATE_ROLES)
  @ApiOperation({ summary: 'Link the candidate to the patient it was enrolled as (the patient must exist)' })
  enrolment(
    @Param('id') id: string,
    @Body() body: LinkEnrolmentDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.execute(req, res, id, `enrolment:${body.patientId}`, () => ({
      type: 'LinkEnrolment',
      data: { patientId: body.patientId, enrolledOn: body.enrolledOn, patientEnrolled: false },
    }));
  }

  private async execute(
    req: AuthenticatedRequest,
    res: Response,
    id: string,
    idempotencyKey: string,
    command: Parameters<CandidateRecords['execute']>[1],
  ): Promise<CommandReceipt> {
    let outcome: CommandOutcome;
    try {
      outcome = await this.candidates.execute(
        requirePathId(id, 'id'),
        command,
        this.send.oneCommandContext(req, idempotencyKey),
        parseIfMatch(req.headers['if-match']),
      );
    } catch (error) {
      throw asApiError(error);
    }
    res.setHeader('ETag', `"${outcome.streamRevision}"`);
    if (outcome.position) res.setHeader('X-CCM-Position', outcome.position);
    if (outcome.alreadyApplied) res.setHeader('X-CCM-Replayed', 'true');
    return { revision: outcome.revision };
  }
}
