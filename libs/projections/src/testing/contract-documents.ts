import type { DocumentWrite, ListMembership } from '../read-model-store';

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
