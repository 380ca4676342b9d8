import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { AccessLog, PURPOSES_OF_USE, type PurposeOfUse } from '@ccm/audit';
import { isId, type Actor } from '@ccm/domain';
import type { Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';

/** Header naming why the record is read (HIPAA purpose of use). */
export const PURPOSE_HEADER = 'x-purpose-of-use';

/**
 * Every authenticated read is logged before it is served: reads of one patient (a route with `:id`
 * under /patients) in that patient's access stream, other reads in the practice's. If the log cannot
 * be written the read fails: nothing is shown that is not accounted for.
 */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(private readonly accessLog: AccessLog) {}

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
    const entry = {
      what: `GET ${route}`,
      purpose: purpose as PurposeOfUse,
      channel: 'api' as const,
      requestId: request.requestId ?? 'unknown',
    };
    const param: unknown = request.params.id;
    const patientId = route.startsWith('/patients/:id') && typeof param === 'string' ? param : undefined;
    if (patientId !== undefined && isId(patientId)) {
      await this.accessLog.patientRead(actor, patientId, entry);
    } else {
      await this.accessLog.practiceRead(actor, entry);
    }
    return next.handle();
  }
}
