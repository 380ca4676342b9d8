import type { IndexedItem, ItemIndexes, TargetIndex, TimeEntryIndex } from '../audit-trail/item-indexes';

/** Item indexes kept in memory, as the audit trail keeps them in documents: for folding an audit in tests. */
export function itemIndexesInMemory(): ItemIndexes & { keep(item: IndexedItem | undefined): void } {
  const entries = new Map<string, TimeEntryIndex>();
  const observations = new Map<string, TargetIndex>();
  return {
    timeEntry: (id) => entries.get(id),
    observation: (id) => observations.get(id),
    keep(item) {
      if (item?.kind === 'time_entry') entries.set(item.id, item.index);
      else if (item?.kind === 'clinical_observation') observations.set(item.id, item.index);
    },
  };
}
