export * from './port';
export * from './position';
export * from './errors';
export { InMemoryEventStore } from './in-memory/in-memory-event-store';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export { streamInventory } from './stream-inventory';
export { matchesFilter } from './filter';
export * from './sqlite/sqlite-backup';
