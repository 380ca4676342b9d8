import pino, { type DestinationStream, type LogFn, type Logger, type LoggerOptions } from 'pino';
import { LogConfigurationError, type LogConfig } from './log-config';
import { prettyDestination } from './pretty';

export const REDACTED = '[redacted]';

/**
 * pino's options for a configuration: level names rather than numbers, ISO time, the service on every
 * record, the redaction paths censored, and errors reduced to their type and stack frames (a message
 * can quote a stream id or a submitted value; see errorFields).
 */
export function pinoOptions(config: LogConfig): LoggerOptions {
  return {
    level: config.level,
    base: { service: config.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...config.redact], censor: REDACTED },
    serializers: { err: serializeError, error: serializeError },
    hooks: { logMethod: withoutErrorMessage },
  };
}

/**
 * pino makes an error's message the record's message when none is given (`logger.error(err)`,
 * `logger.error({ err })`): give it a neutral one instead, so the message never reaches the log.
 */
function withoutErrorMessage(this: Logger, args: Parameters<LogFn>, method: LogFn): void {
  const [first, second] = args as unknown[];
  if (typeof second === 'string') return method.apply(this, args);
  if (first instanceof Error) return method.call(this, { err: first }, 'error');
  if (typeof first === 'object' && first !== null && (first as { err?: unknown }).err instanceof Error)
    return method.call(
      this,
      first,
      typeof (first as { msg?: unknown }).msg === 'string' ? (first as { msg: string }).msg : 'error',
    );
  return method.apply(this, args);
}

/**
 * An Error, or what pino-http's standard serializer already made of one ({ type, message, stack }), is
 * reduced to errorFields; anything else passes as it is (the redaction paths still apply).
 */
function serializeError(value: unknown): unknown {
  if (value instanceof Error) return errorFields(value);
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { stack?: unknown }).stack === 'string'
  ) {
    const { type, name, stack } = value as { type?: unknown; name?: unknown; stack: string };
    const frames = stackFrames(stack);
    return { type: safeName(type ?? name), ...(frames ? { stack: frames } : {}) };
  }
  return value;
}

/** Where the records go: stdout as JSON, or a terminal's readable lines; a test may pass its own sink. */
export function logDestination(config: LogConfig, sink?: DestinationStream): DestinationStream {
  if (sink) return config.format === 'pretty' ? prettyDestination(sink) : sink;
  return config.format === 'pretty' ? prettyDestination() : pino.destination({ dest: 1, sync: true });
}

/** A logger for a process that is not the api (the projector): the same records, the same redaction. */
export function createLogger(config: LogConfig, sink?: DestinationStream): Logger {
  try {
    return pino(pinoOptions(config), logDestination(config, sink));
  } catch (error) {
    // pino refuses a redaction path it cannot parse; the path is the operator's, never data.
    throw new LogConfigurationError(
      `the log configuration is not valid (${error instanceof Error ? error.name : 'error'}); check LOG_REDACT_PATHS`,
    );
  }
}

/**
 * What a log may say about an error: its type and where it was thrown, not its message (the first line
 * of a stack is the message, so it is dropped too). Messages here are written not to echo submitted
 * values, but an infrastructure error may quote a stream id, which names a patient.
 */
export function errorFields(error: unknown): { type: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error };
  const frames = stackFrames(error.stack ?? '');
  return { type: safeName(error.name), ...(frames ? { stack: frames } : {}) };
}

function stackFrames(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 15)
    .join('\n');
}

/** An error class name is code, but a thrown object's `name` could be anything: keep it a word. */
export function safeName(name: unknown): string {
  return typeof name === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name) ? name : 'Error';
}
