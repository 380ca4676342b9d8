import type {
  DocumentKey,
  DocumentWrite,
  ListMembership,
  ReadModelStore,
  VersionRef,
} from '../read-model-store';

interface Entry {
  value: unknown;
  lists: readonly ListMembership[];
  dirty: boolean;
  /** The memberships stored before this batch, when the document was read (or known absent). */
  stored: readonly ListMembership[] | undefined;
}

export const keyOf = (key: DocumentKey): string => `${key.practiceId}\u0000${key.collection}\u0000${key.id}`;

export interface DocumentSessionOptions {
  /**
   * Every key the version may hold a document under (the keys a rebuild wrote into the version it created
   * empty); any other key is known to be absent and is not read. Keys written by the session are added.
   */
  readonly knownKeys?: Set<string>;
  /**
   * Documents this batch derives again from nothing, whatever the version holds (a rebuild going stream by
   * stream replays the context streams, the practice's, for every group of streams): they are not read.
   */
  readonly startsAbsent?: (key: DocumentKey) => boolean;
}

/**
 * The documents one batch reads and writes. Reads go to the store once per document (prefetch asks for
 * many in one round trip); writes stay here until the batch is committed with its checkpoint. Values
 * handed out are shared: projections treat them as immutable and `put` new ones.
 */
export class DocumentSession {
  private readonly entries = new Map<string, Entry>();
  private readonly keys = new Map<string, DocumentKey>();
  private readonly knownKeys: Set<string> | undefined;
  private readonly startsAbsent: ((key: DocumentKey) => boolean) | undefined;

  constructor(
    private readonly store: ReadModelStore,
    private readonly ref: VersionRef,
    options: DocumentSessionOptions = {},
  ) {
    this.knownKeys = options.knownKeys;
    this.startsAbsent = options.startsAbsent;
  }

  async prefetch(keys: readonly DocumentKey[]): Promise<void> {
    const missing = new Map<string, DocumentKey>();
    for (const key of keys) {
      const k = keyOf(key);
      if (this.entries.has(k) || missing.has(k)) continue;
      if (this.startsAbsent?.(key)) {
        // What the version holds is not known: the store finds its list memberships when it is written.
        this.remember(k, key, { value: undefined, lists: [], dirty: false, stored: undefined });
        continue;
      }
      if (this.knownKeys && !this.knownKeys.has(k)) {
        this.remember(k, key, { value: undefined, lists: [], dirty: false, stored: [] });
        continue;
      }
      missing.set(k, key);
    }
    if (missing.size === 0) return;
    const wanted = [...missing];
    const found = await this.store.getDocuments(
      this.ref,
      wanted.map(([, key]) => key),
    );
    wanted.forEach(([k, key], i) => {
      // A put while the read was in flight wins; the read still tells what was stored.
      const stored = found[i];
      const current = this.entries.get(k);
      if (current) {
        current.stored ??= stored?.lists ?? [];
        return;
      }
      this.remember(k, key, {
        value: stored ? JSON.parse(stored.json) : undefined,
        lists: stored?.lists ?? [],
        dirty: false,
        stored: stored?.lists ?? [],
      });
    });
  }

  async get<T>(key: DocumentKey): Promise<T | undefined> {
    const entry = this.entries.get(keyOf(key));
    if (entry) return entry.value as T | undefined;
    await this.prefetch([key]);
    return this.entries.get(keyOf(key))?.value as T | undefined;
  }

  put<T extends object>(key: DocumentKey, value: T, lists: readonly ListMembership[] = []): void {
    this.change(key, value, lists);
  }

  delete(key: DocumentKey): void {
    this.change(key, undefined, []);
  }

  writes(): DocumentWrite[] {
    const writes: DocumentWrite[] = [];
    for (const [k, entry] of this.entries) {
      if (!entry.dirty) continue;
      this.knownKeys?.add(k);
      const key = this.keys.get(k) as DocumentKey;
      writes.push({
        key,
        document:
          entry.value === undefined ? null : { json: JSON.stringify(entry.value), lists: entry.lists },
        ...(entry.stored ? { previousLists: entry.stored } : {}),
      });
    }
    return writes;
  }

  private change(key: DocumentKey, value: object | undefined, lists: readonly ListMembership[]): void {
    const k = keyOf(key);
    const entry = this.entries.get(k);
    if (entry) {
      Object.assign(entry, { value, lists, dirty: true });
      return;
    }
    const known = this.knownKeys && !this.knownKeys.has(k) && !this.startsAbsent?.(key);
    this.remember(k, key, { value, lists, dirty: true, stored: known ? [] : undefined });
  }

  private remember(k: string, key: DocumentKey, entry: Entry): void {
    this.entries.set(k, entry);
    this.keys.set(k, key);
  }
}
