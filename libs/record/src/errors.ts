import type { Refusal } from '@ccm/domain';

/** A domain rule refused the command; nothing was appended. */
export class CommandRefusedError extends Error {
  override readonly name = 'CommandRefusedError';
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

/** The caller's If-Match revision is not the stream's, or retries were exhausted under contention. */
export class ConcurrencyConflictError extends Error {
  override readonly name = 'ConcurrencyConflictError';
  constructor(
    message: string,
    readonly currentRevision: number | undefined,
  ) {
    super(message);
  }
}
