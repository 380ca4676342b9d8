import { CheckpointConflictError, type ReadModelStore, type VersionRef } from '../read-model-store';
import { VersionNotFoundError } from '../version-not-found';
import { doc, uniqueProjection } from './contract-documents';

/** The part of the read-model store contract about versions: every adapter runs it, inside its contract. */
export function describeVersionContract(
  subject: () => { readonly store: ReadModelStore; readonly projection: string; readonly ref: VersionRef },
): void {
  let store: ReadModelStore;
  let projection: string;
  let ref: VersionRef;
  beforeEach(() => ({ store, projection, ref } = subject()));

  it('creates numbered versions; the first one is active and starts with no checkpoint', async () => {
    const second = await store.createVersion(projection, 2);
    expect(second).toBeGreaterThan(ref.version);
    expect(await store.activeVersion(projection)).toBe(ref.version);
    expect(await store.versions(projection)).toEqual([
      {
        version: ref.version,
        checkpoint: null,
        checkpoints: [null],
        builds: [null],
        partitions: 1,
        active: true,
        layout: 1,
      },
      {
        version: second,
        checkpoint: null,
        checkpoints: [null],
        builds: [null],
        partitions: 1,
        active: false,
        layout: 2,
      },
    ]);
    expect(await store.readerVersion(projection)).toEqual({
      version: ref.version,
      built: false,
      layout: 1,
      partitions: 1,
    });
    expect(await store.checkpoint(ref)).toBeNull();
    expect(await store.activeVersion('contract-none')).toBeUndefined();
  });

  it('keeps versions apart and switches the active one in the batch that asks for it', async () => {
    await store.applyBatch(ref, {
      expectedCheckpoint: null,
      checkpoint: '9/9',
      writes: [doc('p1', 'c', 'x', { v: 1 })],
    });
    const next: VersionRef = { projection, version: await store.createVersion(projection, 2) };
    expect(await store.getDocuments(next, [{ practiceId: 'p1', collection: 'c', id: 'x' }])).toEqual([
      undefined,
    ]);
    await store.applyBatch(next, {
      expectedCheckpoint: null,
      checkpoint: '9/9',
      writes: [doc('p1', 'c', 'x', { v: 2 })],
      activate: true,
    });
    expect(await store.activeVersion(projection)).toBe(next.version);
    expect(await store.readerVersion(projection)).toEqual({
      version: next.version,
      built: true,
      layout: 2,
      partitions: 1,
    });
    await expect(store.dropVersion(next)).rejects.toThrow();
    await store.dropVersion(ref);
    expect((await store.versions(projection)).map((v) => v.version)).toEqual([next.version]);
    await expect(store.checkpoint(ref)).rejects.toBeInstanceOf(VersionNotFoundError);
    await expect(
      store.applyBatch(ref, { expectedCheckpoint: '9/9', checkpoint: '10/10', writes: [] }),
    ).rejects.toBeInstanceOf(CheckpointConflictError);
    const [current] = await store.getDocuments(next, [{ practiceId: 'p1', collection: 'c', id: 'x' }]);
    expect(current?.json).toBe('{"v":2}');
  });

  it('drops a whole read model, its active version too, leaving others alone', async () => {
    const other: VersionRef = { projection: uniqueProjection(), version: 0 };
    const otherRef = { ...other, version: await store.createVersion(other.projection, 1) };
    for (const target of [ref, otherRef]) {
      await store.applyBatch(target, {
        expectedCheckpoint: null,
        checkpoint: '3/3',
        writes: [doc('p1', 'c', 'x', { v: 1 }, [{ list: 'l', sortKey: 'k' }])],
        activate: true,
      });
    }
    const spare = await store.createVersion(projection, 2);
    await store.dropReadModel(projection);
    expect(await store.versions(projection)).toEqual([]);
    expect(await store.readerVersion(projection)).toBeUndefined();
    await expect(store.checkpoint({ projection, version: spare })).rejects.toBeInstanceOf(
      VersionNotFoundError,
    );
    const [kept] = await store.getDocuments(otherRef, [{ practiceId: 'p1', collection: 'c', id: 'x' }]);
    expect(kept?.json).toBe('{"v":1}');
    expect(
      await store.list(otherRef, { practiceId: 'p1', collection: 'c', list: 'l', limit: 10 }),
    ).toHaveLength(1);
    // The name can be used again from nothing.
    const again = await store.createVersion(projection, 3);
    expect(await store.readerVersion(projection)).toEqual({
      version: again,
      built: false,
      layout: 3,
      partitions: 1,
    });
  });
}
