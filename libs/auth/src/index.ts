export * from './identity-config';
export * from './jwt';
export * from './secret';
export * from './token-verifier';
