import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import {
  acceptRequestId,
  logDestination,
  LogConfigurationError,
  pinoOptions,
  type LogConfig,
} from '@ccm/observability';
import type { DestinationStream } from 'pino';
import pinoHttp, { type HttpLogger, type Options } from 'pino-http';
import type { AuthenticatedRequest } from '../auth/auth.decorators';

/**
 * Routes probed every few seconds: their successful records are debug, so they do not drown the log,
 * and a failed probe (not ready yet) is a warning, not an error.
 */
const PROBES = new Set(['/health', '/health/live', '/health/ready', '/health/projections', '/metrics']);

type Request = IncomingMessage & Partial<Pick<AuthenticatedRequest, 'actor' | 'requestId' | 'route'>>;
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
function requestLine(
  req: IncomingMessage,
  res: ServerResponse,
  durationMs: unknown,
): Record<string, unknown> {
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

/**
 * pino-http's options for the api (nestjs-pino mounts it on every route): the request id (an incoming
 * X-Request-Id when it is a sane id, else a UUID) is echoed in the response header, handed to the code as
 * `request.requestId` (access log, causation ids), and bound to every record logged while handling it.
 */
export function requestLogOptions(config: LogConfig): Options<IncomingMessage, ServerResponse> {
  return {
    ...pinoOptions(config),
    genReqId(req, res) {
      const id = acceptRequestId(req.headers['x-request-id']) ?? randomUUID();
      (req as Request).requestId = id;
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel(req, res, error) {
      if (PROBES.has(routeTemplate(req))) return res.statusCode >= 400 ? 'warn' : 'debug';
      if (error || res.statusCode >= 500) return 'error';
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, value) => requestLine(req, res, durationOf(value)),
    // The error itself is logged where it is caught (the problem filter), by type and stack frames.
    customErrorObject: (req, res, _error, value) => requestLine(req, res, durationOf(value)),
  };
}

function durationOf(value: object): unknown {
  return (value as { durationMs?: unknown }).durationMs;
}

/** The api's request logger, writing to stdout (or a test's sink) as the configuration says. */
export function createHttpLogger(config: LogConfig, sink?: DestinationStream): HttpLogger {
  try {
    return pinoHttp(requestLogOptions(config), logDestination(config, sink));
  } catch (error) {
    // pino refuses a redaction path it cannot parse; the path is the operator's, never data.
    throw new LogConfigurationError(
      `the log configuration is not valid (${error instanceof Error ? error.name : 'error'}); check LOG_REDACT_PATHS`,
    );
  }
}
