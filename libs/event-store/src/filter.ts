import type { AllStreamFilter } from './port';

/** Streams whose name starts with `$` are the store's own (EventStoreDB system streams). */
export function matchesFilter(streamId: string, type: string, filter: AllStreamFilter | undefined): boolean {
  if (streamId.startsWith('$') || type.startsWith('$')) return false;
  if (filter?.streamPrefixes && !filter.streamPrefixes.some((prefix) => streamId.startsWith(prefix)))
    return false;
  if (filter?.eventTypes && !filter.eventTypes.includes(type)) return false;
  return true;
}
