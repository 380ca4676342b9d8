export type { PatientRecordExport, StoredEvent } from './export-context';
export { SYSTEMS, stableResourceId, type FhirResource } from './fhir-resource';
export {
  everythingBundle,
  isSearchableType,
  patientResources,
  searchBundle,
  SEARCHABLE_TYPES,
  type SearchableType,
  type SearchsetBundle,
} from './patient-bundle';
export { readAccessEvents, readPatientRecordExport, PatientNotOnRecord } from './read-patient-record';
