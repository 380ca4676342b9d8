import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { acceptRequestId, createLogger, type LogConfig } from '@ccm/observability';
import type { DestinationStream, Level, Logger } from 'pino';
import type { AuthenticatedRequest } from '../auth/auth.decorators';

/**
 * Routes probed every few seconds: their successful records are debug, so they do not drown the log,
 * and a failed probe (not ready yet) is a warning, not an error.
 */
const PROBES = new Set(['/health', '/health/live', '/health/ready', '/health/projections', '/metrics']);

type Request = IncomingMessage &
  Partial<Pick<AuthenticatedRequest, 'actor' | 'requestId' | 'route'>> & { log?: Logger };
type Response = ServerResponse & { locals?: Record<string, unknown> };

/**
 * The route a request matched, as declared (`/patients/:id/time-entries`), never the path it was sent
 * to: a path carries a patient id. `unmatched` when no route took it (404s, refused before routing).
 */
export function routeTemplate(req: IncomingMessage): string {
  const path = (req as Request).route?.path;
  return typeof path === 'string' && path.startsWith('/') ? path : 'unmatched';
}

/** The reason code a problem answer carried (set by the problem filter); a constant name, never data. */
export function problemReason(res: ServerResponse): string | undefined {
  const reason = (res as Response).locals?.problemReason;
  return typeof reason === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(reason) ? reason : undefined;
}

export type RequestOutcome = 'success' | 'replayed' | 'refused' | 'failed' | 'aborted';

export function requestOutcome(res: ServerResponse): RequestOutcome {
  if (!res.writableFinished) return 'aborted';
  if (res.statusCode >= 500) return 'failed';
  if (res.statusCode >= 400) return 'refused';
  return res.getHeader('x-ccm-replayed') === 'true' ? 'replayed' : 'success';
}

/**
 * One record per request, built field by field: request id, method, route template, status and outcome
 * (with the reason code of a refusal), duration, and who asked (user, role, practice). No url, query,
 * header or body is ever put in it, so no patient id or health data can be.
 */
function requestLine(req: IncomingMessage, res: ServerResponse, durationMs: number): Record<string, unknown> {
  const request = req as Request;
  const actor = request.actor;
  const reason = problemReason(res);
  return {
    method: req.method,
    route: routeTemplate(req),
    status: res.statusCode,
    outcome: requestOutcome(res),
    ...(reason ? { reason } : {}),
    durationMs,
    ...(actor ? { user: actor.userId, role: actor.role, practice: actor.practiceId } : {}),
  };
}

/** The level of a request's record: probes quiet unless they fail, refusals warn, failures are errors. */
function levelOf(req: IncomingMessage, res: ServerResponse): Level {
  if (PROBES.has(routeTemplate(req))) return res.statusCode >= 400 ? 'warn' : 'debug';
  if (res.statusCode >= 500) return 'error';
  return res.statusCode >= 400 ? 'warn' : 'info';
}

/**
 * Gives each request its id (an incoming X-Request-Id when it is a sane id, else a UUID), echoed in the
 * response header, handed to the code as `request.requestId` (access log, causation ids), and bound to
 * every record logged while handling it (`request.log`, which nestjs-pino binds for the request); and
 * writes the request's one record when its response ends.
 *
 * pino-http did this before, but it also built, serialized and redacted a logger bound to the whole
 * request for every request, which nothing here logs through: 8.6% of the api's CPU under
 * bench/api-commands.ts, against about 1% for this.
 */
export class RequestLog {
  constructor(readonly logger: Logger) {}

  /** Called when the request arrives; `end` when its response has finished or the connection closed. */
  begin(req: IncomingMessage, res: ServerResponse): { end(durationMs: number): void } {
    const requestId = acceptRequestId(req.headers['x-request-id']) ?? randomUUID();
    const request = req as Request;
    request.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const log = this.logger.child({ requestId });
    request.log = log;
    return {
      end(durationMs) {
        const level = levelOf(req, res);
        if (!log.isLevelEnabled(level)) return;
        log[level](requestLine(req, res, durationMs), res.statusCode >= 500 ? 'request failed' : 'request');
      },
    };
  }
}

/** The api's request log, writing to stdout (or a test's sink) as the configuration says. */
export function createRequestLog(config: LogConfig, sink?: DestinationStream): RequestLog {
  return new RequestLog(createLogger(config, sink));
}
