import { describeEventStoreContract } from '../testing/event-store-contract';
import { InMemoryEventStore } from './in-memory-event-store';

describeEventStoreContract('in-memory', () => {
  let store: InMemoryEventStore;
  return {
    open: async () => (store = new InMemoryEventStore()),
    openSecondConnection: async () => store,
  };
});
