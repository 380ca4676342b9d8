export * from './ccw-chronic-conditions';
export * from './eligibility';
