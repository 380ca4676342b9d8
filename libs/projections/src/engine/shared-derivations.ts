/**
 * What the month-based read models derive from the same inputs (a patient's plan, a month's activity, a
 * month document), derived by the first read model that asks and reused by the others. A key names every
 * revision its value is derived from, so a value is only reused for the very same inputs; values are pure,
 * so a value that is no longer here is simply derived again.
 */
export interface SharedDerivations {
  /** The value for `key`: the one another read model derived, else `derive()`. `reader` names the asker. */
  derive<T>(key: string, reader: string, derive: () => T): T;
}

/** For one pass of a rebuild, where every read model is given the same events at the same time. */
export class PassDerivations implements SharedDerivations {
  private readonly values = new Map<string, unknown>();

  derive<T>(key: string, _reader: string, derive: () => T): T {
    if (this.values.has(key)) return this.values.get(key) as T;
    const value = derive();
    this.values.set(key, value);
    return value;
  }
}

/**
 * For the live projector, whose read models follow the same events a few batches apart. A value is kept
 * until every read model that shares derivations has taken it, then dropped: holding the most recent
 * thousands of values whether taken or not kept a few thousand month documents (and their JSON, 15 KiB
 * each at twenty entries a month) alive for good in the api's heap. `capacity` still bounds what a read
 * model that has stopped (retrying, halted) leaves behind; the oldest go first.
 */
export class RecentDerivations implements SharedDerivations {
  private readonly entries = new Map<string, { readonly value: unknown; readonly takenBy: Set<string> }>();

  constructor(
    /** How many read models of this projector share derivations. */
    private readonly readers: number,
    private readonly capacity: number,
  ) {}

  derive<T>(key: string, reader: string, derive: () => T): T {
    const entry = this.entries.get(key);
    if (entry) {
      entry.takenBy.add(reader);
      if (entry.takenBy.size >= this.readers) this.entries.delete(key);
      return entry.value as T;
    }
    const value = derive();
    if (this.readers > 1) {
      this.entries.set(key, { value, takenBy: new Set([reader]) });
      if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    }
    return value;
  }

  /** Values derived and not yet taken by every reader. */
  get size(): number {
    return this.entries.size;
  }
}
