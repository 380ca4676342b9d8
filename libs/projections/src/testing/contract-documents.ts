import type { DocumentWrite, ListMembership, ReadModelStore, VersionRef } from '../read-model-store';

let counter = 0;
/** Each test gets its own projection, so adapters need no flushing between tests. */
export const uniqueProjection = () => `contract-${process.pid}-${++counter}`;

export const doc = (
  practiceId: string,
  collection: string,
  id: string,
  body: object,
  lists: ListMembership[] = [],
): DocumentWrite => ({
  key: { practiceId, collection, id },
  document: { json: JSON.stringify(body), lists },
});

/** A document of several kilobytes, past the size the stores keep deflated, with text beyond ASCII. */
export const largeDocument = (): string =>
  JSON.stringify({
    note: 'Überweisung an die Kardiologie — 心臓',
    entries: Array.from({ length: 60 }, (_, i) => ({ entryId: `e-${i}`, minutes: i % 17, status: 'active' })),
  });

/** A new version of its own holding largeDocument() twice, as `p1`'s documents `c/deflated` and `c/plain`. */
export async function storeTwoLargeDocuments(
  store: ReadModelStore,
): Promise<{ readonly ref: VersionRef; readonly json: string }> {
  const ref = { projection: 'large', version: await store.createVersion('large', 1) };
  const json = largeDocument();
  await store.applyBatch(ref, {
    expectedCheckpoint: null,
    checkpoint: '1/1',
    writes: ['deflated', 'plain'].map((id) => ({
      key: { practiceId: 'p1', collection: 'c', id },
      document: { json, lists: [] },
    })),
  });
  return { ref, json };
}
