import { InMemoryEventStore, SqliteEventStore, type EventStore } from '@ccm/event-store';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AppConfig } from './config';

/** Picks the adapter named by configuration (EVENT_STORE). */
export async function openEventStore(config: AppConfig['eventStore']): Promise<EventStore> {
  switch (config.kind) {
    case 'sqlite':
      mkdirSync(dirname(config.filename), { recursive: true });
      return new SqliteEventStore({ filename: config.filename, synchronous: config.synchronous });
    case 'memory':
      return new InMemoryEventStore();
    case 'eventstoredb': {
      // Loaded only when chosen, so the embedded default never pulls in the gRPC client.
      const { EventStoreDbEventStore } = await import('@ccm/event-store/eventstoredb');
      return new EventStoreDbEventStore({ connectionString: config.connectionString });
    }
  }
}
