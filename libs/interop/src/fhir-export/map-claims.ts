import { lastDayOfMonth, type ClaimEvent } from '@ccm/domain';
import { dataOf, metadataOf, type ExportContext } from './export-context';
import { referenceTo, stableResourceId, SYSTEMS, type FhirResource } from './fhir-resource';
import { procedureSystemOf } from './map-encounters';

type Submitted = ClaimEvent['data'];

/**
 * Each claimed patient-month: its codes as items with their units over the service month, billed by
 * the billing practitioner, to Medicare under the patient's coverage.
 */
export function claimResources(context: ExportContext, coverage: FhirResource): FhirResource[] {
  return context.record.events
    .filter((event) => event.type === 'ClaimSubmitted')
    .map((event) => {
      const claim = dataOf<Submitted>(event);
      const servicePeriod = {
        start: `${claim.serviceMonth}-01`,
        end: lastDayOfMonth(`${claim.serviceMonth}-01`),
      };
      const resource: FhirResource = {
        resourceType: 'Claim',
        id: stableResourceId('Claim', event.streamId, event.id),
        identifier: [{ system: `${SYSTEMS.ccm}:claim-month`, value: claim.serviceMonth }],
        status: 'active',
        type: { coding: [{ system: SYSTEMS.claimType, code: 'professional' }] },
        use: 'claim',
        patient: context.patientReference(),
        billablePeriod: servicePeriod,
        created: metadataOf(event).recordedAt,
        enterer: context.person(claim.submittedBy),
        provider: context.person(claim.billingPractitionerId),
        priority: { coding: [{ system: SYSTEMS.processPriority, code: 'normal' }] },
        insurance: [{ sequence: 1, focal: true, coverage: referenceTo(coverage) }],
        ...(claim.codes.length > 0
          ? {
              item: claim.codes.map((line, index) => ({
                sequence: index + 1,
                productOrService: { coding: [{ system: procedureSystemOf(line.code), code: line.code }] },
                servicedPeriod: servicePeriod,
                quantity: { value: line.units },
              })),
            }
          : {}),
      };
      return context.traces(resource, event);
    });
}
