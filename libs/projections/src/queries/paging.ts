import { MAX_LIST_LIMIT, type ListPosition } from '../read-model-store';

export interface PageRequest {
  readonly limit?: number;
  /** Opaque, from the previous page's `nextCursor`. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;

export class InvalidPageRequestError extends Error {
  override readonly name = 'InvalidPageRequestError';
}

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new InvalidPageRequestError(`limit must be an integer from 1 to ${MAX_LIST_LIMIT}`);
  }
  return limit;
}

/** Cursors carry the list position (and a phase for two-part lists); base64url so they survive a URL. */
export interface Cursor extends ListPosition {
  readonly phase?: number;
}

export const encodeCursor = (cursor: Cursor): string =>
  Buffer.from(JSON.stringify([cursor.sortKey, cursor.id, cursor.phase ?? 0]), 'utf8').toString('base64url');

export function decodeCursor(text: string | undefined): Cursor | undefined {
  if (text === undefined || text === '') return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      typeof value[2] === 'number'
    ) {
      return { sortKey: value[0], id: value[1], phase: value[2] };
    }
  } catch {
    // fall through: a cursor that does not decode is the caller's mistake
  }
  throw new InvalidPageRequestError('cursor is not one this api issued');
}
