import {
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { isId } from '@ccm/domain';
import { IntegrityMonitor, IntegrityViolationError, PatientRecords } from '@ccm/record';
import { catchError, from, switchMap, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';

/** HTTP status of INTEGRITY_VIOLATION: the store is at fault, not the request (see integrityProblem). */
export const INTEGRITY_VIOLATION_STATUS = 500;

/**
 * The answer to a read or a command on a stream whose hash chain does not verify: 500, because nothing
 * the client can change makes it succeed and an operator must act (restore the store); it names the
 * stream and the first revision that fails, never anything stored in it.
 */
export function integrityProblem(error: IntegrityViolationError): ApiError {
  return new ApiError(
    INTEGRITY_VIOLATION_STATUS,
    'INTEGRITY_VIOLATION',
    'A stored event of this record fails its hash-chain check: it is neither served nor extended until the store is restored.',
    { details: { stream: error.streamId, revision: error.revision, check: error.kind } },
  );
}

/** What kind of stream broke, for logs: stream ids carry patient ids, which no log may. */
export const streamKind = (streamId: string): string => /^ccm\.([a-z-]+)\./.exec(streamId)?.[1] ?? 'other';

/**
 * Every read and command that meets a broken chain (loading a record, replaying its history, deciding a
 * month for a claim) answers INTEGRITY_VIOLATION, and the break is remembered for /health and logged once
 * per stream without the stream's name. Every read of one patient (GET /patients/{id}...) checks that
 * patient's stream first, read models and evidence included: loading the record checks what was appended
 * since the head this process last verified, so it costs a read of the stream's end when nothing is new.
 */
@Injectable()
export class IntegrityInterceptor implements NestInterceptor {
  private readonly logger = new Logger('integrity');

  constructor(
    private readonly monitor: IntegrityMonitor,
    private readonly patients: PatientRecords,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const route = (request.route as { path?: string } | undefined)?.path ?? '';
    const id: unknown = request.params?.id;
    const patientRead =
      request.method === 'GET' &&
      request.actor !== undefined &&
      route.startsWith('/patients/:id') &&
      typeof id === 'string' &&
      isId(id);
    const handled = patientRead
      ? from(this.patients.load(request.actor?.practiceId ?? '', String(id))).pipe(
          switchMap(() => next.handle()),
        )
      : next.handle();
    return handled.pipe(
      catchError((error: unknown) => {
        if (!(error instanceof IntegrityViolationError)) throw error;
        if (this.monitor.record(error, 'api')) {
          this.logger.error(
            `hash chain broken in a ${streamKind(error.streamId)} stream (${error.kind.replace(/_/g, ' ')} at revision ${error.revision}): its reads and commands are refused; run audit verify`,
          );
        }
        throw integrityProblem(error);
      }),
    );
  }
}
