import { Controller, Get, Inject, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AccessLog, AccessLogUnavailableError, PURPOSES_OF_USE, type PurposeOfUse } from '@ccm/audit';
import { isId, type Actor } from '@ccm/domain';
import type { EventStore } from '@ccm/event-store';
import {
  everythingBundle,
  isSearchableType,
  PatientNotOnRecord,
  readAccessEvents,
  readPatientRecordExport,
  searchBundle,
  SEARCHABLE_TYPES,
  type SearchsetBundle,
} from '@ccm/interop';
import type { Clock } from '@ccm/record';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { PURPOSE_HEADER } from '../audit/access-log.interceptor';
import { ALL_ROLES, CurrentActor, Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { CLOCK, EVENT_STORE } from '../infrastructure/tokens';
import { FHIR_JSON, FhirOutcomeFilter } from './fhir-export.outcome';

const EVERYTHING = '$everything';

/**
 * The patient's record as FHIR R4 (docs/fhir.md), read straight from the event store. Each read is logged
 * in the patient's access stream before anything is served, as GET /patients/{id} is; the access log
 * interceptor checks the purpose of use and leaves the logging to this controller.
 */
@ApiTags('fhir')
@ApiBearerAuth()
@Controller('fhir')
@UseFilters(FhirOutcomeFilter)
export class FhirExportController {
  constructor(
    private readonly accessLog: AccessLog,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // A "$" in a route path is path syntax to the router, so the operation is a parameter checked here.
  @Get('Patient/:id/:operation')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Patient/$everything: the whole record as a FHIR R4 searchset Bundle' })
  @ApiParam({ name: 'operation', enum: [EVERYTHING] })
  @ApiProduces(FHIR_JSON)
  async everything(
    @Param('id') id: string,
    @Param('operation') operation: string,
    @CurrentActor() actor: Actor,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    if (operation !== EVERYTHING) {
      throw new ApiError(404, 'NOT_FOUND', 'The only operation on a Patient is $everything.');
    }
    const patientId = requirePatientId(id, 'id');
    const record = await this.readLogged(actor, patientId, request, `GET /fhir/Patient/:id/${EVERYTHING}`);
    return this.send(response, everythingBundle(record, this.clock.now(), randomUUID()));
  }

  @Get(':type')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'One type of the patient’s FHIR resources: GET /fhir/{Type}?patient={id}' })
  @ApiParam({ name: 'type', enum: SEARCHABLE_TYPES })
  @ApiQuery({ name: 'patient', required: true })
  @ApiProduces(FHIR_JSON)
  async search(
    @Param('type') type: string,
    @Query('patient') patient: unknown,
    @CurrentActor() actor: Actor,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    if (!isSearchableType(type)) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'This resource type is not searchable here.', {
        fields: [{ field: 'type', errors: [`must be one of ${SEARCHABLE_TYPES.join(', ')}`] }],
      });
    }
    const patientId = requirePatientId(typeof patient === 'string' ? patient : '', 'patient');
    const record = await this.readLogged(actor, patientId, request, 'GET /fhir/:type');
    return this.send(response, searchBundle(record, type, this.clock.now(), randomUUID()));
  }

  /** Logs the read in the patient's access stream, then reads the record (which then shows this read). */
  private async readLogged(actor: Actor, patientId: string, request: AuthenticatedRequest, what: string) {
    try {
      // Existence first: an unknown id is refused without writing an access stream for it.
      const record = await readPatientRecordExport(this.store, actor.practiceId, patientId);
      await this.accessLog.patientRead(actor, patientId, {
        what,
        purpose: purposeOf(request),
        channel: 'api',
        requestId: request.requestId ?? 'unknown',
      });
      return { ...record, accessEvents: await readAccessEvents(this.store, actor.practiceId, patientId) };
    } catch (error) {
      if (error instanceof PatientNotOnRecord) {
        throw new ApiError(404, 'PATIENT_NOT_FOUND', 'No such patient in this practice.');
      }
      if (error instanceof AccessLogUnavailableError) {
        throw new ApiError(
          503,
          'ACCESS_LOG_UNAVAILABLE',
          'The read could not be logged, so it is not served; retry.',
        );
      }
      throw error;
    }
  }

  private send(response: Response, bundle: SearchsetBundle): string {
    response.setHeader('Cache-Control', 'no-store');
    response.type(FHIR_JSON);
    return JSON.stringify(bundle);
  }
}

function requirePatientId(value: string, field: string): string {
  if (!isId(value)) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'A parameter is missing or malformed.', {
      fields: [{ field, errors: ['must be a patient id: 1-64 letters, digits, _ or -'] }],
    });
  }
  return value;
}

/** The interceptor has already refused an unknown purpose; this only reads it again. */
function purposeOf(request: AuthenticatedRequest): PurposeOfUse {
  const header = request.headers[PURPOSE_HEADER];
  const purpose = typeof header === 'string' ? header.trim().toLowerCase() : 'unspecified';
  return (PURPOSES_OF_USE as readonly string[]).includes(purpose) ? (purpose as PurposeOfUse) : 'unspecified';
}
