import type {
  DocumentWrite,
  ReadModelBatch,
  ReadModelStore,
  RefBatch,
  VersionRef,
} from '../read-model-store';

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
  const poison = (batch: ReadModelBatch): ReadModelBatch => {
    const half = Math.ceil(batch.writes.length / 2);
    return { ...batch, writes: [...batch.writes.slice(0, half), poisoned, ...batch.writes.slice(half)] };
  };
  wrapper.applyBatch = (ref: VersionRef, batch: ReadModelBatch) => wrapper.applyBatches([{ ref, batch }]);
  // Several read models' batches count as one: the last of them with writes to die in dies.
  wrapper.applyBatches = (given: readonly RefBatch[]) => {
    batches += 1;
    let victim = -1;
    for (let i = 0; batches >= failFrom && i < given.length; i++)
      if (given[i].batch.writes.length >= 2) victim = i;
    if (victim < 0) return store.applyBatches(given);
    failures += 1;
    return store.applyBatches(
      given.map((b, i) => (i === victim ? { ref: b.ref, batch: poison(b.batch) } : b)),
    );
  };
  return wrapper;
}
