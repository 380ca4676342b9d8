export * from './log-config';
export * from './logger';
export * from './metrics';
export * from './metered-event-store';
export { formatLine, prettyDestination } from './pretty';
export { acceptRequestId } from './request-id';
export { messageLogger, type MessageLogger } from './message-logger';
