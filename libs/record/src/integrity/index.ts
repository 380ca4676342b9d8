export * from './chain-link';
export * from './verified-reads';
export * from './integrity-monitor';
export * from './chain-tails';
