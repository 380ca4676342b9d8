import {
  AuditEventMissingError,
  InvalidPageRequestError,
  ReadModelNotReadyError,
  ReadModelStoreUnavailableError,
  type Answer,
} from '@ccm/projections';
import type { Response } from 'express';
import { ApiError } from '../http/api-error';

export const POSITION_HEADER = 'X-CCM-Projection-Position';

/**
 * Runs a read and turns read-side failures into problems: the store down or not built yet is a 503 (the
 * write side still works), a bad page request a 400. Sets the position header on every answer.
 */
export async function answer<T>(res: Response, read: () => Promise<Answer<T>>): Promise<T> {
  try {
    const result = await read();
    res.setHeader(POSITION_HEADER, result.position ?? 'none');
    return result.body;
  } catch (error) {
    throw toProblem(error);
  }
}

export function toProblem(error: unknown): unknown {
  if (error instanceof ReadModelStoreUnavailableError) {
    return new ApiError(
      503,
      'READ_MODEL_UNAVAILABLE',
      'Read models are unavailable; retry later. Commands are still accepted.',
    );
  }
  if (error instanceof ReadModelNotReadyError) {
    // Never a partial answer: until the read model has caught up with the record, say how far it is.
    const progress = error.progress ?? {
      projection: error.projection,
      eventsApplied: null,
      eventsTotal: null,
    };
    return new ApiError(
      503,
      'READ_MODEL_REBUILDING',
      'Read models are being rebuilt from the record; retry shortly. Commands are still accepted.',
      { details: { progress } },
    );
  }
  if (error instanceof InvalidPageRequestError) {
    return new ApiError(400, 'VALIDATION_FAILED', 'The page request is not valid.', {
      fields: [{ field: 'limit/cursor', errors: [error.message] }],
    });
  }
  if (error instanceof AuditEventMissingError) {
    // Not a retry: the read models were built from another record (a restore, a moved data directory).
    return new ApiError(
      500,
      'READ_MODEL_INCONSISTENT',
      'The audit trail refers to events this record does not hold; the read models must be rebuilt.',
    );
  }
  return error;
}

export const patientNotFound = () =>
  new ApiError(404, 'PATIENT_NOT_FOUND', 'No such patient in this practice.');
