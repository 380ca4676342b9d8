export * from './config';
export { openEventStore } from './open-event-store';
