import { CLAIM_FILE_FORMATS, MAX_GENERATION, type ClaimFileFormat } from '@ccm/interop';
import { ApiError } from '../http/api-error';

const invalid = (field: string, error: string) =>
  new ApiError(400, 'VALIDATION_FAILED', 'A parameter is malformed.', {
    fields: [{ field, errors: [error] }],
  });

export function claimFileFormat(value: string | undefined): ClaimFileFormat {
  if (value === undefined) return 'json';
  if (!(CLAIM_FILE_FORMATS as readonly string[]).includes(value)) {
    throw invalid('format', 'must be json, csv or 837p');
  }
  return value as ClaimFileFormat;
}

export function claimGeneration(value: string | undefined): number {
  if (value === undefined) return 1;
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > MAX_GENERATION) {
    throw invalid('generation', `must be an integer from 1 to ${MAX_GENERATION}`);
  }
  return Number(value);
}
