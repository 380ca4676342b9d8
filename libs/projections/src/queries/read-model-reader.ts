import {
  MAX_LIST_READ,
  type DocumentKey,
  type ListedDocument,
  type ListPosition,
  type ListQuery,
  type ReadModelStore,
  type StoredDocument,
  type VersionRef,
} from '../read-model-store';
import type { ReadModelProgress } from '../engine/read-model-progress';
import { VersionNotFoundError } from '../version-not-found';
import { decodeCursor, encodeCursor, pageLimit, type Cursor, type Page, type PageRequest } from './paging';

/** One list of a paged read, its documents mapped to items (`undefined` drops one). */
export interface Phase<T> {
  readonly query: Omit<ListQuery, 'limit' | 'after'>;
  readonly map: (doc: ListedDocument) => T | undefined;
}

/** An answer and the position the read model had applied when it was read (at least). */
export interface Answer<T> {
  readonly body: T;
  readonly position: string | null;
}

export type Found<T> =
  | { readonly found: true; readonly answer: Answer<T> }
  /** `position`: the answer "not there" is as fresh as this position, like any other. */
  | { readonly found: false; readonly missing: 'patient' | 'month'; readonly position: string | null };

/**
 * The read model has no version built up to the event store (a first start, a store that lost its data
 * and is being filled again from the start): nothing to answer from that would not be partial.
 */
export class ReadModelNotReadyError extends Error {
  override readonly name = 'ReadModelNotReadyError';
  constructor(
    readonly projection: string,
    readonly progress?: ReadModelProgress,
  ) {
    super(`read model ${projection} is not built yet`);
  }
}

export interface ReadModelQueriesOptions {
  /** How far a read model being built has come, for the answer that it is not ready. */
  readonly progress?: (projection: string) => Promise<ReadModelProgress>;
  /** The layout the queries read (Projection.layout); a version of another is not ready to them. */
  readonly layoutOf?: (projection: string) => number | undefined;
}

/** A page already serialised, with what a caller walking pages needs to know of it without parsing it. */
export interface JsonPage {
  /**
   * Byte for byte what JSON.stringify writes for the page, in parts (their concatenation is the text).
   * A page of a thousand lines is most of a megabyte: one string that large is made in memory of its
   * own, fresh from the system each time, and filling it cost as much as reading the lines; parts of
   * tens of kilobytes are made where small strings are, and the api writes them as they are.
   */
  readonly parts: readonly string[];
  /** How many items the page holds. */
  readonly size: number;
  readonly nextCursor: string | null;
}

/** The text of a JsonPage, in one string. */
export const jsonPageText = (page: JsonPage): string => page.parts.join('');

/**
 * How every read model is read: through its active, built version, at least as fresh as the checkpoint
 * read first, in pages. Each read model's queries (beside its projection) are written on this.
 */
export class ReadModelReader {
  constructor(
    readonly store: ReadModelStore,
    private readonly options: ReadModelQueriesOptions = {},
  ) {}

  /**
   * A read of one patient's documents, the first of them read with the patient's header in one round
   * trip; the patient is missing when the read model has no header for them.
   */
  patientDocuments<T>(
    projection: string,
    headerKey: DocumentKey,
    keys: readonly DocumentKey[],
    read: (
      ref: VersionRef,
      header: StoredDocument,
      documents: readonly (StoredDocument | undefined)[],
    ) => Promise<T>,
  ): Promise<Found<T>> {
    return this.read<T>(projection, async (ref) => {
      const [header, ...documents] = await this.store.getDocuments(ref, [headerKey, ...keys]);
      if (!header) return { missing: 'patient' };
      return { body: await read(ref, header, documents) };
    });
  }

  /**
   * Pages through one or more lists read one after the other (the cursor names the list it stopped in).
   * `map` may drop a document; one item more than asked is read to know whether a next page exists.
   */
  async pagePhases<T>(ref: VersionRef, phases: readonly Phase<T>[], request: PageRequest): Promise<Page<T>> {
    const limit = pageLimit(request.limit);
    const cursor = decodeCursor(request.cursor);
    const collected: T[] = [];
    // Where the page's last item is, the only position a next page needs.
    let last: Cursor | undefined;
    for (let phase = cursor?.phase ?? 0; phase < phases.length && collected.length <= limit; phase++) {
      let after: ListPosition | undefined = cursor && cursor.phase === phase ? cursor : undefined;
      for (;;) {
        // Documents a phase drops must not shrink reads to one at a time.
        const chunk = Math.min(MAX_LIST_READ, Math.max(limit + 1 - collected.length, 16));
        const listed = await this.store.list(ref, { ...phases[phase].query, after, limit: chunk });
        for (const doc of listed) {
          const item = phases[phase].map(doc);
          if (item === undefined) continue;
          collected.push(item);
          if (collected.length === limit) last = { sortKey: doc.sortKey, id: doc.id, phase };
        }
        if (collected.length > limit || listed.length < chunk) break;
        after = listed[listed.length - 1];
      }
    }
    return {
      items: collected.length > limit ? collected.slice(0, limit) : collected,
      nextCursor: collected.length > limit && last ? encodeCursor(last) : null,
    };
  }

  /** Every item of the phases, a page at a time, from one version (exports and aggregates read them all). */
  async everyItem<T>(ref: VersionRef, phases: readonly Phase<T>[]): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.pagePhases(ref, phases, { limit: 1000, cursor });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return items;
  }

  /** For reads that always have an answer (lists and aggregates: empty is an answer). */
  async answer<T>(projection: string, read: (ref: VersionRef) => Promise<{ body: T }>): Promise<Answer<T>> {
    const result = await this.read<T>(projection, read);
    if (!result.found) throw new Error('unreachable: this read has no missing case');
    return result.answer;
  }

  /**
   * Resolves the active version, reads its checkpoint first (so the answer is at least that fresh), then
   * reads; a version dropped meanwhile by a rebuild is looked up again once. Only a built version is read
   * (ReaderVersion), and it must still be the built active one once the read is done: a store that lost
   * its data while the read ran (Redis flushed) would otherwise give a partial answer as a whole one.
   */
  async read<T>(
    projection: string,
    read: (ref: VersionRef) => Promise<{ body: T } | { missing: 'patient' | 'month' }>,
  ): Promise<Found<T>> {
    for (let attempt = 0; ; attempt++) {
      const before = await this.store.readerVersion(projection);
      if (before === undefined || !before.built || !this.readable(projection, before.layout))
        throw await this.notReady(projection);
      const ref = { projection, version: before.version };
      try {
        const position = await this.store.checkpoint(ref);
        const result = await read(ref);
        const after = await this.store.readerVersion(projection);
        if (after === undefined || !after.built) throw await this.notReady(projection);
        // A rebuild switched readers meanwhile: the version read may be being dropped.
        if (after.version !== ref.version) throw new VersionNotFoundError(ref);
        if ('missing' in result) return { found: false, missing: result.missing, position };
        return { found: true, answer: { body: result.body, position } };
      } catch (error) {
        if (!(error instanceof VersionNotFoundError)) throw error;
        if (attempt === 0) continue;
        throw await this.notReady(projection);
      }
    }
  }

  private readable(projection: string, layout: number): boolean {
    const expected = this.options.layoutOf?.(projection);
    return expected === undefined || expected === layout;
  }

  private async notReady(projection: string): Promise<ReadModelNotReadyError> {
    return new ReadModelNotReadyError(projection, await this.options.progress?.(projection));
  }
}
