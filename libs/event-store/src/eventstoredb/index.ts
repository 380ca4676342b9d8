export {
  EventStoreDbEventStore,
  UnreadableEventError,
  type EventStoreDbEventStoreOptions,
} from './eventstoredb-event-store';
