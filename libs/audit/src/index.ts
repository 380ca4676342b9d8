export * from './verify-chain';
export * from './anchors';
