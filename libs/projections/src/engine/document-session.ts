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
}

const keyOf = (key: DocumentKey): string => `${key.practiceId}\u0000${key.collection}\u0000${key.id}`;

/**
 * The documents one batch reads and writes. Reads go to the store once per document (prefetch asks for
 * many in one round trip); writes stay here until the batch is committed with its checkpoint. Values
 * handed out are shared: projections treat them as immutable and `put` new ones.
 */
export class DocumentSession {
  private readonly entries = new Map<string, Entry>();
  private readonly keys = new Map<string, DocumentKey>();

  constructor(
    private readonly store: ReadModelStore,
    private readonly ref: VersionRef,
  ) {}

  async prefetch(keys: readonly DocumentKey[]): Promise<void> {
    const missing = new Map<string, DocumentKey>();
    for (const key of keys) {
      const k = keyOf(key);
      if (!this.entries.has(k)) missing.set(k, key);
    }
    if (missing.size === 0) return;
    const wanted = [...missing.values()];
    const found = await this.store.getDocuments(this.ref, wanted);
    wanted.forEach((key, i) => {
      const stored = found[i];
      this.remember(key, {
        value: stored ? JSON.parse(stored.json) : undefined,
        lists: stored?.lists ?? [],
        dirty: false,
      });
    });
  }

  async get<T>(key: DocumentKey): Promise<T | undefined> {
    await this.prefetch([key]);
    return this.entries.get(keyOf(key))?.value as T | undefined;
  }

  put<T extends object>(key: DocumentKey, value: T, lists: readonly ListMembership[] = []): void {
    this.remember(key, { value, lists, dirty: true });
  }

  delete(key: DocumentKey): void {
    this.remember(key, { value: undefined, lists: [], dirty: true });
  }

  writes(): DocumentWrite[] {
    const writes: DocumentWrite[] = [];
    for (const [k, entry] of this.entries) {
      if (!entry.dirty) continue;
      const key = this.keys.get(k) as DocumentKey;
      writes.push({
        key,
        document:
          entry.value === undefined ? null : { json: JSON.stringify(entry.value), lists: entry.lists },
      });
    }
    return writes;
  }

  private remember(key: DocumentKey, entry: Entry): void {
    const k = keyOf(key);
    this.entries.set(k, entry);
    this.keys.set(k, key);
  }
}
