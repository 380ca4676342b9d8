import type { ChronicCondition, EnrollmentEvent } from '@ccm/domain';
import { dataOf, type ExportContext, type StoredEvent } from './export-context';
import { stableResourceId, SYSTEMS, type FhirResource } from './fhir-resource';

type Enrolment = Extract<EnrollmentEvent, { type: 'PatientEnrolled' }>['data'];
type Resolution = Extract<EnrollmentEvent, { type: 'ConditionResolved' }>['data'];

interface ConditionOnRecord {
  readonly condition: ChronicCondition;
  readonly added: StoredEvent;
  resolved?: { readonly data: Resolution; readonly event: StoredEvent };
}

/**
 * Every attested chronic condition, from enrolment or added later; a resolution closes the latest open
 * condition with that code. A condition added again after resolution is a new Condition.
 */
export function conditionsOnRecord(events: readonly StoredEvent[]): ConditionOnRecord[] {
  const conditions: ConditionOnRecord[] = [];
  for (const event of events) {
    if (event.type === 'PatientEnrolled') {
      for (const condition of dataOf<Enrolment>(event).conditions)
        conditions.push({ condition, added: event });
    } else if (event.type === 'ConditionAdded') {
      conditions.push({ condition: dataOf<{ condition: ChronicCondition }>(event).condition, added: event });
    } else if (event.type === 'ConditionResolved') {
      const data = dataOf<Resolution>(event);
      const open = [...conditions].reverse().find((c) => c.condition.icd10 === data.icd10 && !c.resolved);
      if (open) open.resolved = { data, event };
    }
  }
  return conditions;
}

export const conditionResourceId = (context: ExportContext, added: StoredEvent, icd10: string): string =>
  stableResourceId('Condition', added.streamId, added.id, icd10);

export function conditionResources(context: ExportContext): FhirResource[] {
  return conditionsOnRecord(context.record.events).map(({ condition, added, resolved }) => {
    const clinicalStatus = resolved ? 'resolved' : 'active';
    const resource: FhirResource = {
      resourceType: 'Condition',
      id: conditionResourceId(context, added, condition.icd10),
      clinicalStatus: { coding: [{ system: SYSTEMS.conditionClinical, code: clinicalStatus }] },
      verificationStatus: { coding: [{ system: SYSTEMS.conditionVerification, code: 'confirmed' }] },
      category: [{ coding: [{ system: SYSTEMS.conditionCategory, code: 'problem-list-item' }] }],
      code: {
        coding: [{ system: SYSTEMS.icd10cm, code: condition.icd10, display: condition.description }],
        text: condition.description,
      },
      subject: context.patientReference(),
      // The record holds when the clinician attested the condition, not when it began.
      recordedDate: condition.attestedOn,
      recorder: context.person(condition.attestedBy),
      ...(resolved ? { abatementDateTime: resolved.data.resolvedOn } : {}),
    };
    return context.traces(resource, added, ...(resolved ? [resolved.event] : []));
  });
}
