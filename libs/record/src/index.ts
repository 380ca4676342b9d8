export * from './clock';
export * from './errors';
export * from './event-envelope';
export * from './decide-and-append';
export * from './stream-reader';
export * from './practice-records';
export * from './patient-records';
export * from './append-to-chain';
