import type { DocumentKey } from '../read-model-store';

export const documentKey = (practiceId: string, collection: string, id: string): DocumentKey => ({
  practiceId,
  collection,
  id,
});

/** Revisions as fixed-width sort keys, so byte order is numeric order. */
export const revisionSortKey = (revision: number): string => String(revision).padStart(12, '0');
