import { CheckpointConflictError, type ReadModelStore, type VersionRef } from '../read-model-store';
import { partitionOf } from '../partitions';
import { VersionNotFoundError } from '../version-not-found';
import { doc } from './contract-documents';

const PARTITIONS = 3;

/** A practice id of each partition of three. */
export const practiceOfEachPartition = (partitions: number): string[] => {
  const found: string[] = [];
  for (let i = 0; found.filter(Boolean).length < partitions; i++) {
    const practiceId = `practice-${i}`;
    found[partitionOf(practiceId, partitions)] ??= practiceId;
  }
  return found;
};

/** The part of the read-model store contract about partitions: every adapter runs it, inside its contract. */
export function describePartitionContract(
  subject: () => { readonly store: ReadModelStore; readonly projection: string },
): void {
  let store: ReadModelStore;
  let ref: VersionRef;
  const practices = practiceOfEachPartition(PARTITIONS);
  const key = (practiceId: string) => ({ practiceId, collection: 'c', id: 'x' });

  beforeEach(async () => {
    const { store: opened, projection } = subject();
    store = opened;
    ref = { projection: `${projection}-parts`, version: 0 };
    ref = { ...ref, version: await store.createVersion(ref.projection, 4, PARTITIONS) };
  });

  it('keeps a checkpoint per partition; the version has applied up to its least advanced one', async () => {
    expect(await store.versions(ref.projection)).toEqual([
      {
        version: ref.version,
        checkpoint: null,
        checkpoints: [null, null, null],
        builds: [null, null, null],
        partitions: PARTITIONS,
        active: true,
        layout: 4,
      },
    ]);
    for (const [partition, position] of ['5/5', '3/3', '8/8'].entries()) {
      await store.applyBatch(ref, {
        partition,
        expectedCheckpoint: null,
        checkpoint: position,
        writes: [doc(practices[partition], 'c', 'x', { partition })],
      });
    }
    expect(await store.checkpoint(ref, 2)).toBe('8/8');
    expect(await store.checkpoint(ref)).toBe('3/3');
    const [info] = await store.versions(ref.projection);
    expect(info).toMatchObject({ checkpoint: '3/3', checkpoints: ['5/5', '3/3', '8/8'] });
    // Another partition's checkpoint is not this one's: each is compared on its own.
    await expect(
      store.applyBatch(ref, { partition: 1, expectedCheckpoint: '5/5', checkpoint: '9/9', writes: [] }),
    ).rejects.toBeInstanceOf(CheckpointConflictError);
    await store.applyBatch(ref, { partition: 1, expectedCheckpoint: '3/3', checkpoint: '9/9', writes: [] });
    expect(await store.checkpoint(ref)).toBe('5/5');
    // Readers read across partitions in one call.
    const found = await store.getDocuments(ref, [key(practices[2]), key('nobody'), key(practices[0])]);
    expect(found.map((d) => d?.json)).toEqual(['{"partition":2}', undefined, '{"partition":0}']);
    await expect(store.checkpoint(ref, PARTITIONS)).rejects.toBeInstanceOf(VersionNotFoundError);
  });

  it('refuses a batch holding a document of another partition, and writes nothing of it', async () => {
    await expect(
      store.applyBatch(ref, {
        partition: 0,
        expectedCheckpoint: null,
        checkpoint: '2/2',
        writes: [doc(practices[0], 'c', 'x', { ok: true }), doc(practices[1], 'c', 'x', { stray: true })],
      }),
    ).rejects.toThrow(/partition/);
    await expect(
      store.applyBatch(ref, {
        partition: PARTITIONS,
        expectedCheckpoint: null,
        checkpoint: '2/2',
        writes: [],
      }),
    ).rejects.toThrow(/partition/);
    expect(await store.checkpoint(ref, 0)).toBeNull();
    expect((await store.getDocuments(ref, [key(practices[0])]))[0]).toBeUndefined();
  });

  it("keeps each partition's build progress with its batches, as it was when a batch does not say", async () => {
    const build = (streamsDone: number, eventsRead: number) => ({ end: '6/6', streamsDone, eventsRead });
    await store.applyBatch(ref, {
      partition: 2,
      expectedCheckpoint: null,
      checkpoint: null,
      writes: [doc(practices[2], 'c', 'x', { group: 1 })],
      build: build(4, 120),
    });
    await store.applyBatch(ref, {
      partition: 0,
      expectedCheckpoint: null,
      checkpoint: null,
      writes: [],
      build: build(1, 7),
    });
    expect((await store.versions(ref.projection))[0]).toMatchObject({
      checkpoint: null,
      builds: [build(1, 7), null, build(4, 120)],
    });
    // The build ends: the checkpoint moves with the final progress, and live batches leave it alone.
    await store.applyBatch(ref, {
      partition: 2,
      expectedCheckpoint: null,
      checkpoint: '6/6',
      writes: [],
      build: build(5, 131),
    });
    await store.applyBatch(ref, { partition: 2, expectedCheckpoint: '6/6', checkpoint: '9/9', writes: [] });
    expect((await store.versions(ref.projection))[0]).toMatchObject({
      checkpoints: [null, null, '9/9'],
      builds: [build(1, 7), null, build(5, 131)],
    });
    // A refused batch moves nothing, its progress included; a progress that is none is refused.
    await expect(
      store.applyBatch(ref, {
        partition: 0,
        expectedCheckpoint: '1/1',
        checkpoint: null,
        writes: [],
        build: build(2, 50),
      }),
    ).rejects.toBeInstanceOf(CheckpointConflictError);
    await expect(
      store.applyBatch(ref, {
        partition: 0,
        expectedCheckpoint: null,
        checkpoint: null,
        writes: [],
        build: build(-1, 9),
      }),
    ).rejects.toThrow(/progress/);
    await expect(
      store.applyBatch(ref, {
        partition: 0,
        expectedCheckpoint: null,
        checkpoint: null,
        writes: [],
        build: { ...build(2, 9), end: 'the end' },
      }),
    ).rejects.toThrow(/progress/);
    expect((await store.versions(ref.projection))[0]).toMatchObject({
      builds: [build(1, 7), null, build(5, 131)],
    });
  });

  it('refuses a build commit that does not find the progress it went on from, and writes nothing of it', async () => {
    const first = { end: '6/6', streamsDone: 2, eventsRead: 40 };
    const second = { ...first, streamsDone: 4, eventsRead: 90 };
    const group = (value: number) => [doc(practices[1], 'c', 'x', { value })];
    const commit = (build: typeof first, expectedBuild: typeof first | null, value: number) =>
      store.applyBatch(ref, {
        partition: 1,
        expectedCheckpoint: null,
        checkpoint: null,
        writes: group(value),
        build,
        expectedBuild,
      });
    await commit(first, null, 1);
    // A second builder that went on from nothing, or from a progress since passed, is refused.
    await expect(commit(second, null, 2)).rejects.toBeInstanceOf(CheckpointConflictError);
    await commit(second, first, 3);
    await expect(commit({ ...second, streamsDone: 5 }, first, 4)).rejects.toBeInstanceOf(
      CheckpointConflictError,
    );
    expect((await store.getDocuments(ref, [key(practices[1])]))[0]?.json).toBe('{"value":3}');
    // The end of the build is checked the same way; a batch that names no progress is not checked.
    await expect(
      store.applyBatch(ref, {
        partition: 1,
        expectedCheckpoint: null,
        checkpoint: '6/6',
        writes: [],
        expectedBuild: first,
      }),
    ).rejects.toBeInstanceOf(CheckpointConflictError);
    await store.applyBatch(ref, {
      partition: 1,
      expectedCheckpoint: null,
      checkpoint: '6/6',
      writes: [],
      expectedBuild: second,
    });
    await store.applyBatch(ref, { partition: 1, expectedCheckpoint: '6/6', checkpoint: '7/7', writes: [] });
    expect(await store.checkpoint(ref, 1)).toBe('7/7');
  });

  it('switches readers to a partitioned version once every partition has caught up', async () => {
    const next: VersionRef = { ...ref, version: await store.createVersion(ref.projection, 5, PARTITIONS) };
    for (let partition = 0; partition < PARTITIONS; partition++) {
      await store.applyBatch(next, {
        partition,
        expectedCheckpoint: null,
        checkpoint: '4/4',
        writes: [doc(practices[partition], 'c', 'x', { partition }, [{ list: 'l', sortKey: 'k' }])],
        activate: true,
      });
      const reader = await store.readerVersion(ref.projection);
      if (partition < PARTITIONS - 1) expect(reader).toMatchObject({ version: ref.version, built: false });
      else expect(reader).toEqual({ version: next.version, built: true, layout: 5, partitions: PARTITIONS });
    }
    const listed = await store.list(next, { practiceId: practices[1], collection: 'c', list: 'l', limit: 5 });
    expect(listed.map((d) => d.json)).toEqual(['{"partition":1}']);
    await store.dropVersion(ref);
    await expect(store.checkpoint(ref)).rejects.toBeInstanceOf(VersionNotFoundError);
  });

  it('drops every partition of every version with the read model', async () => {
    const next: VersionRef = { ...ref, version: await store.createVersion(ref.projection, 5, PARTITIONS) };
    for (let partition = 0; partition < PARTITIONS; partition++) {
      await store.applyBatch(ref, {
        partition,
        expectedCheckpoint: null,
        checkpoint: '1/1',
        writes: [doc(practices[partition], 'c', 'x', { partition }, [{ list: 'l', sortKey: 'k' }])],
      });
    }
    await store.dropReadModel(ref.projection);
    expect(await store.versions(ref.projection)).toEqual([]);
    await expect(store.getDocuments(ref, practices.map(key))).rejects.toBeInstanceOf(VersionNotFoundError);
    await expect(store.checkpoint(next, 1)).rejects.toBeInstanceOf(VersionNotFoundError);
  });
}
