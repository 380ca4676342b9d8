/**
 * How an evolve function adds to the records and lists of a state. `copying` (the default) returns new
 * ones and never touches its arguments: what `evolvePatient` does, one event at a time. `ownedUpdates()` is
 * for a fold: it copies a record or list the first time it writes to it, remembers the copy as its own, and
 * writes to that copy in place afterwards, so folding n events is linear instead of copying every record
 * n times. Nothing it did not create itself is ever written to (not the state the fold started from, not
 * event data), and once the fold has returned its scope is dropped, so the state it returned is as
 * immutable as any other.
 */
export interface Updates {
  /** The record with `key` set to `value`. */
  put<T>(record: Readonly<Record<string, T>>, key: string, value: T): Readonly<Record<string, T>>;
  /** The list with `item` appended. */
  append<T>(list: readonly T[], item: T): readonly T[];
}

export const copying: Updates = {
  put: (record, key, value) => ({ ...record, [key]: value }),
  append: (list, item) => [...list, item],
};

/** A scope of in-place writes for one fold; never keep it beyond the fold that created it. */
export function ownedUpdates(): Updates {
  const owned = new WeakSet<object>();
  return {
    put<T>(record: Readonly<Record<string, T>>, key: string, value: T) {
      // `__proto__` would set the prototype if assigned: such a key always goes through a copy.
      if (owned.has(record) && key !== '__proto__') {
        (record as Record<string, T>)[key] = value;
        return record;
      }
      const copy = { ...record, [key]: value };
      owned.add(copy);
      return copy;
    },
    append<T>(list: readonly T[], item: T) {
      if (owned.has(list)) {
        (list as T[]).push(item);
        return list;
      }
      const copy = [...list, item];
      owned.add(copy);
      return copy;
    },
  };
}
