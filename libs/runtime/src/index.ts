export * from './config';
export * from './http-config';
export { openEventStore } from './open-event-store';
