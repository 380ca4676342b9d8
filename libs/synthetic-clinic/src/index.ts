export * from './random';
export * from './generate-clinic';
export * from './seed-clinic';
export * from './after-hours-plan';
export * from './demographics-plan';
export * from './billing-setup-plan';
export * from './candidate-plan';
