import { ReadModelStoreUnavailableError } from '../read-model-store';
import { VersionNotFoundError } from '../version-not-found';
import { NO_CHECKPOINT } from './redis-keys';

export const decodeCheckpoint = (value: string | null): string | null =>
  value === null || value === NO_CHECKPOINT ? null : value;

const CONNECTION_FAILURE =
  /Connection is closed|Stream isn't writeable|Command timed out|max retries per request|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH/i;

/** Connection failures mean Redis is out of reach (retry later); anything else is a bug and stays itself. */
export function toStoreError(error: unknown): unknown {
  if (error instanceof ReadModelStoreUnavailableError || error instanceof VersionNotFoundError) return error;
  if (
    error instanceof Error &&
    (error.name === 'MaxRetriesPerRequestError' || CONNECTION_FAILURE.test(error.message))
  ) {
    return new ReadModelStoreUnavailableError('Redis is unavailable', { cause: error });
  }
  return error;
}
