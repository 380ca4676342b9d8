import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { CONFLICT_CODES, NOT_FOUND_CODES } from '@ccm/domain';
import { EventStoreUnavailableError } from '@ccm/event-store';
import { CommandRefusedError, ConcurrencyConflictError } from '@ccm/record';
import type { Response } from 'express';
import { errorFields } from '@ccm/observability';
import type { ProblemBody } from './api-error';

const REASON_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

const MESSAGE_BY_STATUS: Record<number, string> = {
  400: 'The request body is not valid JSON.',
  413: 'The request body is larger than this api accepts.',
  429: 'Too many requests for this token; retry after the time in Retry-After.',
};

/**
 * One error shape for every failure: `{ statusCode, reason, message, fields?, details? }`.
 * Messages are written here or by the domain, never echo submitted values: no health data leaks into
 * responses or logs.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const problem = this.toProblem(exception);
    if (exception instanceof ConcurrencyConflictError && exception.currentRevision !== undefined) {
      response.setHeader('ETag', `"${exception.currentRevision}"`);
    }
    // The request log names the reason (observability/request-log.ts); a constant code, never data.
    response.locals.problemReason = problem.reason;
    response.status(problem.statusCode).json(problem);
  }

  private toProblem(exception: unknown): ProblemBody {
    if (exception instanceof CommandRefusedError) {
      const { code, message, details } = exception.refusal;
      const statusCode = NOT_FOUND_CODES.has(code) ? 404 : CONFLICT_CODES.has(code) ? 409 : 422;
      return { statusCode, reason: code, message, ...(details ? { details } : {}) };
    }
    if (exception instanceof ConcurrencyConflictError) {
      return {
        statusCode: 409,
        reason: 'REVISION_CONFLICT',
        message: exception.message,
        ...(exception.currentRevision !== undefined
          ? { details: { currentRevision: exception.currentRevision } }
          : {}),
      };
    }
    if (exception instanceof EventStoreUnavailableError) {
      this.logger.error(`event store unavailable: ${exception.name}`);
      return {
        statusCode: 503,
        reason: 'EVENT_STORE_UNAVAILABLE',
        message: 'The record store is unavailable; retry later.',
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'object' && body !== null && 'reason' in body) return body as ProblemBody;
      // Framework errors (a body that is not JSON, an unknown route) keep their status, with our wording.
      const reason = REASON_BY_STATUS[statusCode] ?? 'HTTP_ERROR';
      const message = MESSAGE_BY_STATUS[statusCode] ?? reason.toLowerCase().replace(/_/g, ' ');
      return { statusCode, reason, message };
    }
    // Type and stack frames only: a message (the first line of a stack) may quote a stream id.
    this.logger.error({ msg: 'unexpected error', err: errorFields(exception) });
    return {
      statusCode: 500,
      reason: 'INTERNAL_ERROR',
      message: 'Something went wrong; nothing you sent was lost.',
    };
  }
}
