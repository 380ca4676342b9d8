import { revisionSortKey } from '../engine/keys';
import {
  decodeCursor,
  encodeCursor,
  InvalidPageRequestError,
  pageLimit,
  type Page,
  type PageRequest,
} from '../queries/paging';
import type { Found, ReadModelReader } from '../queries/read-model-reader';
import type { DocumentKey, StoredDocument, VersionRef } from '../read-model-store';
import {
  chunkKey,
  chunkOf,
  REVISION_CHUNK,
  type ChunkedEntries,
  type RevisionChunk,
  type Revisioned,
} from './revision-chunks';

export interface ChunkPageRead {
  readonly projection: string;
  /** The patient is missing when the read model has no header for them. */
  readonly headerKey: DocumentKey;
  readonly entries: ChunkedEntries;
  readonly page: PageRequest;
  /**
   * The last revision the header says is applied: chunks up to its chunk are read, and one that holds
   * nothing (a run of events the read model skips) is stepped over.
   */
  readonly lastRevision: (header: StoredDocument) => number;
}

/**
 * The cursor each entry had when it was a document of its own in a list sorted by revision, so pages and
 * cursors are the ones the api has always given.
 */
export const entryCursor = (patientId: string, revision: number): string =>
  encodeCursor({ sortKey: revisionSortKey(revision), id: `${patientId}:${revision}`, phase: 0 });

/** The revision a cursor stopped at (-1 for the first page). */
function revisionAfter(cursorText: string | undefined, patientId: string): number {
  const cursor = decodeCursor(cursorText);
  if (cursor === undefined) return -1;
  const prefix = `${patientId}:`;
  const revision = Number(cursor.id.slice(prefix.length));
  const issued =
    cursor.phase === 0 &&
    Number.isSafeInteger(revision) &&
    revision >= 0 &&
    cursor.id === `${prefix}${revision}` &&
    cursor.sortKey === revisionSortKey(revision);
  if (!issued) throw new InvalidPageRequestError('cursor is not one this api issued');
  return revision;
}

/**
 * A page request of a patient's entries by revision: the page size and the revision after which it starts,
 * or the error to answer once the patient is known to exist (a missing patient is missing whatever the
 * page asked for, as when the entries were listed).
 */
export function revisionPageRequest(
  page: PageRequest,
  patientId: string,
): { limit: number; after: number } | InvalidPageRequestError {
  try {
    return { limit: pageLimit(page.limit), after: revisionAfter(page.cursor, patientId) };
  } catch (error) {
    if (!(error instanceof InvalidPageRequestError)) throw error;
    return error;
  }
}

/** Chunks to read for `count` more entries after `after`, were every revision an entry. */
const chunksFor = (after: number, count: number): number => chunkOf(after + count) - chunkOf(after + 1) + 1;

/**
 * One page of a patient's chunked entries, oldest first: the chunk holding the revision after the cursor
 * and as many after it as the page needs, the first ones read with the header in one round trip. One
 * entry more than asked is read to know whether a next page exists.
 */
export async function pageChunks<T extends Revisioned>(
  reader: ReadModelReader,
  read: ChunkPageRead,
): Promise<Found<Page<T>>> {
  const { entries } = read;
  const request = revisionPageRequest(read.page, entries.patientId);
  const keys = (first: number, count: number): DocumentKey[] =>
    Array.from({ length: count }, (_, i) => chunkKey(entries, first + i));
  const first =
    request instanceof Error
      ? []
      : keys(chunkOf(request.after + 1), chunksFor(request.after, request.limit + 1));
  return reader.patientDocuments(read.projection, read.headerKey, first, async (ref, header, documents) => {
    if (request instanceof Error) throw request;
    const lastChunk = chunkOf(read.lastRevision(header));
    return pageOf<T>(reader, ref, { ...request, entries, lastChunk, keys }, documents);
  });
}

async function pageOf<T extends Revisioned>(
  reader: ReadModelReader,
  ref: VersionRef,
  input: {
    readonly limit: number;
    readonly after: number;
    readonly entries: ChunkedEntries;
    readonly lastChunk: number;
    readonly keys: (first: number, count: number) => DocumentKey[];
  },
  firstDocuments: readonly (StoredDocument | undefined)[],
): Promise<Page<T>> {
  const { limit, after, lastChunk } = input;
  const items: T[] = [];
  const page = (): Page<T> => ({
    items: items.length > limit ? items.slice(0, limit) : items,
    nextCursor: items.length > limit ? entryCursor(input.entries.patientId, items[limit - 1].revision) : null,
  });
  // The chunk the next of `documents` is.
  let chunk = chunkOf(after + 1);
  let documents = firstDocuments;
  for (;;) {
    for (const document of documents) {
      if (chunk > lastChunk) return page();
      chunk++;
      if (!document) continue;
      for (const entry of (JSON.parse(document.json) as RevisionChunk<T>).entries) {
        if (entry.revision > after) items.push(entry);
      }
    }
    if (items.length > limit || chunk > lastChunk) return page();
    const count = Math.min(
      chunksFor(chunk * REVISION_CHUNK - 1, limit + 1 - items.length),
      lastChunk - chunk + 1,
    );
    documents = await reader.store.getDocuments(ref, input.keys(chunk, count));
  }
}
