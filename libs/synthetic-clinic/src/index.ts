export * from './random';
export * from './generate-clinic';
export * from './seed-clinic';
export * from './after-hours-plan';
