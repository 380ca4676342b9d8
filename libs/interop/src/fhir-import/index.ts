export * from './fhir-resources';
export * from './coverage-kind';
export * from './import-problem';
export * from './panel-from-bundle';
export { type BundleEntry } from './bundle-resources';
export * from './import-answer';
