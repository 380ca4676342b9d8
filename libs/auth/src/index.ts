export * from './jwt';
export * from './secret';
