import type { DocumentWrite, ReadModelBatch, ReadModelStore, VersionRef } from '../read-model-store';

/**
 * Delegates to a real store, but from the `failFrom`-th batch on slips a write into the middle of the batch
 * that throws when the adapter reaches it: the adapter has already written part of the batch inside its
 * transaction, as when a process dies mid-batch.
 */
export function failingPartway(
  store: ReadModelStore,
  failFrom: number,
): ReadModelStore & { batches: number; failures: number } {
  let batches = 0;
  let failures = 0;
  const poisoned: DocumentWrite = {
    get key(): DocumentWrite['key'] {
      throw new Error('process killed mid-batch');
    },
    document: null,
  };
  const wrapper = Object.create(store) as ReadModelStore & { batches: number; failures: number };
  Object.defineProperties(wrapper, {
    batches: { get: () => batches },
    failures: { get: () => failures },
  });
  wrapper.applyBatch = (ref: VersionRef, batch: ReadModelBatch) => {
    batches += 1;
    if (batches < failFrom || batch.writes.length < 2) return store.applyBatch(ref, batch);
    failures += 1;
    const half = Math.ceil(batch.writes.length / 2);
    return store.applyBatch(ref, {
      ...batch,
      writes: [...batch.writes.slice(0, half), poisoned, ...batch.writes.slice(half)],
    });
  };
  return wrapper;
}
