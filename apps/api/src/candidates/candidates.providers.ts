import type { Provider, Type } from '@nestjs/common';
import type { EventStore } from '@ccm/event-store';
import { CandidateRecords, PatientRecords, type Clock } from '@ccm/record';
import { FhirImportController } from '../fhir/fhir-import.controller';
import { CLOCK, EVENT_STORE } from '../infrastructure/tokens';
import { CandidatesController } from './candidates.controller';

/** The candidate routes: the panel imports (FHIR and CSV), outreach, enrolment and the eligibility finder. */
export const CANDIDATE_CONTROLLERS: Type[] = [FhirImportController, CandidatesController];

/** Candidates' records, wired as PatientRecords is: on the api's event store and clock. */
export const CANDIDATE_PROVIDERS: Provider[] = [
  {
    provide: CandidateRecords,
    useFactory: (store: EventStore, patients: PatientRecords, clock: Clock) =>
      new CandidateRecords(store, patients, clock),
    inject: [EVENT_STORE, PatientRecords, CLOCK],
  },
];
