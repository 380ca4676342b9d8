import { Controller, Get, Header, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { buildEvidencePacket, EvidenceNotFound, renderEvidenceHtml } from '@ccm/audit';
import type { Actor } from '@ccm/domain';
import type { EventStore } from '@ccm/event-store';
import { IntegrityViolationError, type Clock } from '@ccm/record';
import type { Response } from 'express';
import { ALL_ROLES, CurrentActor, Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { requirePathId } from '../http/command-sender';
import { CLOCK, EVENT_STORE } from '../infrastructure/tokens';
import { requireMonth } from '../read-models/read-params';
import { PURPOSE_HEADER } from './access-log.interceptor';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('patients/:id/months/:month/evidence')
export class EvidenceController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles(...ALL_ROLES)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'The claim evidence packet of a patient-month, from the event store: consent and disclosures, care plan, conditions, visit, time entries and corrections, other services, the decision trace, as billed versus now, and the hash-chain check. JSON, or with format=html a self-contained printable document carrying the same JSON',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'html'] })
  @ApiProduces('application/json', 'text/html')
  async evidence(
    @Param('id') id: string,
    @Param('month') month: string,
    @Query('format') format: unknown,
    @CurrentActor() actor: Actor,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const patientId = requirePathId(id, 'id');
    const serviceMonth = requireMonth(month);
    if (format !== undefined && format !== 'json' && format !== 'html') {
      throw new ApiError(400, 'VALIDATION_FAILED', 'A parameter is malformed.', {
        fields: [{ field: 'format', errors: ['must be json or html'] }],
      });
    }
    const header = request.headers[PURPOSE_HEADER];
    let packet;
    try {
      packet = await buildEvidencePacket(this.store, {
        actor,
        patientId,
        month: serviceMonth,
        purpose: typeof header === 'string' ? header.trim().toLowerCase() : 'unspecified',
        now: this.clock.now(),
      });
    } catch (error) {
      if (error instanceof EvidenceNotFound)
        throw new ApiError(404, 'PATIENT_NOT_FOUND', 'No such patient month in this practice.');
      throw error;
    }
    // A packet is evidence only from a record that verifies: a break is refused like every other read of
    // the record (INTEGRITY_VIOLATION), and `audit evidence` gives an operator the packet with its break.
    const broken = packet.integrity.patientStream.firstBreak ?? packet.integrity.practiceStream.firstBreak;
    if (broken) throw new IntegrityViolationError(broken);
    if (format !== 'html') return packet;
    response.type('text/html; charset=utf-8');
    return renderEvidenceHtml(packet);
  }
}
