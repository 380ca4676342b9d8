import {
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { AccessLog, AccessLogUnavailableError, PURPOSES_OF_USE, type PurposeOfUse } from '@ccm/audit';
import { isId, type Actor } from '@ccm/domain';
import { CcmMetrics } from '@ccm/observability';
import type { Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';

/** Header naming why the record is read (HIPAA purpose of use). */
export const PURPOSE_HEADER = 'x-purpose-of-use';

/**
 * Reads whose route logs them itself, in the patient's access stream, once it knows the patient exists
 * (the FHIR export: its patient is in the path or the query). Logging them here as well would write the
 * same read twice.
 */
const ROUTES_LOGGING_THEIR_OWN_READS: ReadonlySet<string> = new Set([
  '/fhir/Patient/:id/:operation',
  '/fhir/:type',
]);

/**
 * Every authenticated read is logged before it is served: reads of one patient (a route with `:id`
 * under /patients) in that patient's access stream, other reads in the practice's (naming the candidate
 * for a route with `:id` under /candidates). If the log cannot
 * be written the read fails: nothing is shown that is not accounted for.
 */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  private readonly logger = new Logger('access-log');

  constructor(
    private readonly accessLog: AccessLog,
    private readonly metrics: CcmMetrics,
  ) {}

  intercept(
    context: ExecutionContext,
    next: CallHandler,
  ): Observable<unknown> | Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = request.actor;
    // Commands and public routes pass straight through, without a promise to wait on.
    if (request.method !== 'GET' || !actor) return next.handle();
    return this.logRead(request, actor, next);
  }

  private async logRead(
    request: AuthenticatedRequest,
    actor: Actor,
    next: CallHandler,
  ): Promise<Observable<unknown>> {
    const route = (request.route as { path?: string } | undefined)?.path ?? request.path;
    const header = request.headers[PURPOSE_HEADER];
    const purpose = typeof header === 'string' ? header.trim().toLowerCase() : 'unspecified';
    if (!(PURPOSES_OF_USE as readonly string[]).includes(purpose)) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'Unknown purpose of use.', {
        fields: [{ field: 'X-Purpose-Of-Use', errors: [`must be one of ${PURPOSES_OF_USE.join(', ')}`] }],
      });
    }
    if (ROUTES_LOGGING_THEIR_OWN_READS.has(route)) return next.handle();
    const entry = {
      what: `GET ${route}`,
      purpose: purpose as PurposeOfUse,
      channel: 'api' as const,
      requestId: request.requestId ?? 'unknown',
    };
    const param: unknown = request.params.id;
    const patientId = route.startsWith('/patients/:id') && typeof param === 'string' ? param : undefined;
    const scope = patientId !== undefined && isId(patientId) ? 'patient' : 'practice';
    // A candidate has no record of its own yet: its reads go to the practice's log, naming it.
    const candidateId = route.startsWith('/candidates/:id') && typeof param === 'string' ? param : undefined;
    try {
      if (scope === 'patient') await this.accessLog.patientRead(actor, patientId as string, entry);
      else if (candidateId !== undefined && isId(candidateId))
        await this.accessLog.practiceRead(actor, { ...entry, candidateId });
      else await this.accessLog.practiceRead(actor, entry);
    } catch (error) {
      this.metrics.accessLogFailures.inc({ scope });
      if (!(error instanceof AccessLogUnavailableError)) throw error;
      // Which record was being read stays out of the log: the route template and the failure's type only.
      this.logger.error(`access log not written for GET ${route} (${error.causeName}); read refused`);
      throw new ApiError(
        503,
        'ACCESS_LOG_UNAVAILABLE',
        'The read could not be logged, so it is not served; retry.',
      );
    }
    return next.handle();
  }
}
