export * from './verify-chain';
export * from './anchors';
export * from './access-log';
export * from './replay';
export * from './month-history';
export * from './evidence';
export * from './anchor-schedule';
