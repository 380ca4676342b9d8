import { CheckpointConflictError, type ReadModelStore, type VersionRef } from '../read-model-store';
import { doc, uniqueProjection } from './contract-documents';

/** The part of the read-model store contract about applyBatches: every adapter runs it, inside its contract. */
export function describeBatchesContract(
  subject: () => { readonly store: ReadModelStore; readonly ref: VersionRef },
): void {
  let store: ReadModelStore;
  let ref: VersionRef;
  beforeEach(() => ({ store, ref } = subject()));

  it("writes several read models' batches, each with its own checkpoint", async () => {
    const other = uniqueProjection();
    const otherRef = { projection: other, version: await store.createVersion(other, 1) };
    await store.applyBatches([
      {
        ref,
        batch: { expectedCheckpoint: null, checkpoint: '3/3', writes: [doc('p1', 'c', 'x', { v: 1 })] },
      },
      {
        ref: otherRef,
        batch: { expectedCheckpoint: null, checkpoint: '5/5', writes: [doc('p1', 'c', 'x', { v: 2 })] },
      },
    ]);
    expect([await store.checkpoint(ref), await store.checkpoint(otherRef)]).toEqual(['3/3', '5/5']);
    const key = { practiceId: 'p1', collection: 'c', id: 'x' };
    expect((await store.getDocuments(ref, [key]))[0]?.json).toBe('{"v":1}');
    expect((await store.getDocuments(otherRef, [key]))[0]?.json).toBe('{"v":2}');
  });

  it('writes nothing of a refused batch among several, nor of those after it', async () => {
    const [second, third] = [uniqueProjection(), uniqueProjection()];
    const secondRef = { projection: second, version: await store.createVersion(second, 1) };
    const thirdRef = { projection: third, version: await store.createVersion(third, 1) };
    await store.applyBatch(secondRef, { expectedCheckpoint: null, checkpoint: '1/1', writes: [] });
    const key = { practiceId: 'p1', collection: 'c', id: 'x' };
    await expect(
      store.applyBatches([
        {
          ref,
          batch: { expectedCheckpoint: null, checkpoint: '2/2', writes: [doc('p1', 'c', 'x', { v: 1 })] },
        },
        {
          ref: secondRef,
          batch: { expectedCheckpoint: null, checkpoint: '2/2', writes: [doc('p1', 'c', 'x', { v: 2 })] },
        },
        {
          ref: thirdRef,
          batch: { expectedCheckpoint: null, checkpoint: '2/2', writes: [doc('p1', 'c', 'x', { v: 3 })] },
        },
      ]),
    ).rejects.toBeInstanceOf(CheckpointConflictError);
    expect(await store.checkpoint(secondRef)).toBe('1/1');
    expect(await store.getDocuments(secondRef, [key])).toEqual([undefined]);
    expect(await store.checkpoint(thirdRef)).toBeNull();
    expect(await store.getDocuments(thirdRef, [key])).toEqual([undefined]);
    // The batch before the refused one is either written whole or not at all.
    const first = await store.checkpoint(ref);
    expect((await store.getDocuments(ref, [key]))[0]?.json).toBe(first === '2/2' ? '{"v":1}' : undefined);
  });
}
