export { fhirErrorsOf, fhirIssuesOf } from './fhir-issues';
export type { FhirIssue } from './fhir-issues';
