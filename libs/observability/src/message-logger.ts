import type { Logger } from 'pino';

/** The `log / warn / error (message)` shape the projector and the anchor schedule log through. */
export interface MessageLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Those messages as pino records, with a context. They name projections, positions and error types,
 * never data; the redaction paths still apply to anything bound to the logger.
 */
export function messageLogger(logger: Logger, context: string): MessageLogger {
  const child = logger.child({ context });
  return {
    log: (message) => child.info(message),
    warn: (message) => child.warn(message),
    error: (message) => child.error(message),
  };
}
