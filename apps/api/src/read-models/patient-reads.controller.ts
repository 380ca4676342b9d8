import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ccm/domain';
import type { Found, PageRequest, ReadModelQueries } from '@ccm/projections';
import type { Response } from 'express';
import { ALL_ROLES, CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { requirePathId } from '../http/command-sender';
import { answer, patientNotFound, POSITION_HEADER } from './read-errors';
import { pageRequest, requireMonth } from './read-params';
import { ReadSide } from './read-side';

/** A found answer passes through; a missing patient (or another practice's) is a 404 that says nothing more. */
function orNotFound<T>(found: Found<T>, res: Response) {
  if (found.found) return found.answer;
  res.setHeader(POSITION_HEADER, found.position ?? 'none');
  if (found.missing === 'month')
    throw new ApiError(404, 'MONTH_NOT_FOUND', 'No such month for this patient.');
  throw patientNotFound();
}

@ApiTags('read models')
@ApiBearerAuth()
@Controller('patients')
export class PatientReadsController {
  constructor(private readonly readSide: ReadSide) {}

  @Get(':id/timeline')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary: 'Every event of the patient in order, in words: what, who, recorded when, happened when (paged)',
  })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  timeline(
    @Param('id') id: string,
    @Query('limit') limit: string | undefined,
    @Query('cursor') cursor: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.patientList(id, limit, cursor, actor, res, (q, patientId, page) =>
      q.timeline(actor.practiceId, patientId, page),
    );
  }

  @Get(':id/months/:month')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary:
      'One calendar month (practice time zone): consent, care plan, conditions, visit, time net of corrections by program and role, contacts, billing facts and decision',
  })
  month(
    @Param('id') id: string,
    @Param('month') month: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const patientId = requirePathId(id, 'id');
    const serviceMonth = requireMonth(month);
    return answer(res, async () =>
      orNotFound(
        await this.readSide.queries.patientMonth(
          actor.practiceId,
          patientId,
          serviceMonth,
          this.readSide.now(),
        ),
        res,
      ),
    );
  }

  @Get(':id/audit-trail')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary:
      'Every change with actor, role, recorded-at vs occurred-at; corrections and voids link to what they change (paged)',
  })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  auditTrail(
    @Param('id') id: string,
    @Query('limit') limit: string | undefined,
    @Query('cursor') cursor: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.patientList(id, limit, cursor, actor, res, (q, patientId, page) =>
      q.auditTrail(actor.practiceId, patientId, page),
    );
  }

  @Get(':id/audit-trail/reads')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary:
      'Who read the record: every read through the api or the command line with user, role, route or command, purpose and when, oldest first (paged)',
  })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  recordReads(
    @Param('id') id: string,
    @Query('limit') limit: string | undefined,
    @Query('cursor') cursor: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.patientList(id, limit, cursor, actor, res, (q, patientId, page) =>
      q.recordReads(actor.practiceId, patientId, page),
    );
  }

  /** A paged list of one patient's (timeline, audit trail, reads): same parameters, same 404. */
  private patientList<T>(
    id: string,
    limit: string | undefined,
    cursor: string | undefined,
    actor: Actor,
    res: Response,
    list: (queries: ReadModelQueries, patientId: string, page: PageRequest) => Promise<Found<T>>,
  ) {
    const patientId = requirePathId(id, 'id');
    const page = pageRequest(limit, cursor);
    return answer(res, async () => orNotFound(await list(this.readSide.queries, patientId, page), res));
  }
}
