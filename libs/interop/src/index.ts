// Exchanges with the EHR and the payer: FHIR R4 out and in, the eligibility finder, the claim file.
export * from './fhir-validation';
export * from './fhir-export';
export * from './fhir-import';
export * from './eligibility';
export * from './claim-file';
