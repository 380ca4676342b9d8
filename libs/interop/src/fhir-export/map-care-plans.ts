import type { CarePlanElements, CarePlanEvent, CareTeamEvent, EnrollmentEvent } from '@ccm/domain';
import { dataOf, type ExportContext, type StoredEvent } from './export-context';
import {
  ccmCodeable,
  referenceTo,
  stableResourceId,
  type FhirReference,
  type FhirResource,
} from './fhir-resource';

type Created = Extract<CarePlanEvent, { type: 'CarePlanCreated' }>['data'];
type Revised = Extract<CarePlanEvent, { type: 'CarePlanRevised' }>['data'];
type Enrolment = Extract<EnrollmentEvent, { type: 'PatientEnrolled' }>['data'];
type PractitionerChange = Extract<EnrollmentEvent, { type: 'BillingPractitionerChanged' }>['data'];
type Designation = Extract<CareTeamEvent, { type: 'DesignatedCareTeamMemberAssigned' }>['data'];

/** The PLAN-2 elements written as notes, labelled as the rules name them. */
const ELEMENT_LABELS: Record<Exclude<keyof CarePlanElements, 'plannedInterventions'>, string> = {
  problemList: 'Problem list',
  expectedOutcomeAndPrognosis: 'Expected outcome and prognosis',
  measurableGoals: 'Measurable goals',
  symptomManagement: 'Symptom management',
  medicationManagement: 'Medication management',
  coordinationWithOutsideResources: 'Coordination with outside resources',
  periodicReview: 'Periodic review',
  cognitiveAndFunctionalAssessment: 'Cognitive and functional assessment',
  environmentalEvaluation: 'Environmental evaluation',
  caregiverAssessment: 'Caregiver assessment',
  communityServices: 'Community services',
};

interface PlanVersion {
  readonly version: number;
  readonly event: StoredEvent;
  readonly elements: CarePlanElements;
  readonly on: string;
  readonly author: string;
  readonly signedOffBy: string | null;
  readonly planType: string;
}

/** Each version of the plan with its elements in full: a revision carries only what changed. */
export function carePlanVersions(events: readonly StoredEvent[]): PlanVersion[] {
  const versions: PlanVersion[] = [];
  for (const event of events) {
    if (event.type === 'CarePlanCreated') {
      const plan = dataOf<Created>(event);
      versions.push({
        version: plan.version,
        event,
        elements: plan.elements,
        on: plan.establishedOn,
        author: plan.authoredBy,
        signedOffBy: plan.signedOffBy,
        planType: plan.planType,
      });
    } else if (event.type === 'CarePlanRevised' && versions.length > 0) {
      const revision = dataOf<Revised>(event);
      const previous = versions[versions.length - 1];
      versions.push({
        ...previous,
        version: revision.version,
        event,
        elements: { ...previous.elements, ...revision.changes },
        on: revision.revisedOn,
        author: revision.revisedBy,
        signedOffBy: revision.signedOffBy,
      });
    }
  }
  return versions;
}

function notesOf(elements: CarePlanElements): { text: string }[] {
  return (Object.keys(ELEMENT_LABELS) as (keyof typeof ELEMENT_LABELS)[]).flatMap((name) => {
    const value = elements[name];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) return [];
    const text = Array.isArray(value) ? value.join('; ') : String(value);
    return [{ text: `${ELEMENT_LABELS[name]}: ${text}` }];
  });
}

/**
 * One CarePlan per version: the latest `active`, every earlier one `revoked`, each later version
 * `replaces` the one before. Planned interventions are the activities.
 */
export function carePlanResources(
  context: ExportContext,
  careTeam: FhirResource | undefined,
  conditions: readonly FhirResource[],
): FhirResource[] {
  const versions = carePlanVersions(context.record.events);
  const resources: FhirResource[] = [];
  const activeConditions = conditions.filter(
    (c) => (c.clinicalStatus as { coding: { code: string }[] }).coding[0].code === 'active',
  );
  versions.forEach((plan, index) => {
    const latest = index === versions.length - 1;
    const previous = resources[index - 1];
    const resource: FhirResource = {
      resourceType: 'CarePlan',
      id: stableResourceId('CarePlan', plan.event.streamId, plan.event.id),
      identifier: [{ system: 'urn:ccm:fhir:care-plan-version', value: String(plan.version) }],
      ...(previous ? { replaces: [referenceTo(previous)] } : {}),
      status: latest ? 'active' : 'revoked',
      intent: 'plan',
      category: [ccmCodeable('care-plan-type', plan.planType)],
      title: `Care plan, version ${plan.version}`,
      subject: context.patientReference(),
      period: { start: plan.on },
      created: plan.on,
      author: context.person(plan.author),
      contributor: [plan.author, ...(plan.signedOffBy ? [plan.signedOffBy] : [])]
        .filter((id, i, all) => all.indexOf(id) === i)
        .map((id) => context.person(id)),
      ...(careTeam ? { careTeam: [referenceTo(careTeam)] } : {}),
      ...(activeConditions.length > 0 ? { addresses: activeConditions.map((c) => referenceTo(c)) } : {}),
      ...(plan.elements.plannedInterventions?.length
        ? {
            activity: plan.elements.plannedInterventions.map((intervention) => ({
              detail: {
                status: latest ? 'in-progress' : 'stopped',
                description: intervention.description,
                performer: [performerOf(context, intervention.responsible)],
              },
            })),
          }
        : {}),
      note: notesOf(plan.elements),
    };
    resources.push(context.traces(resource, plan.event));
  });
  return resources;
}

/** A roster member is a Practitioner; an outside party (a named pharmacy, a cardiologist) is named only. */
function performerOf(context: ExportContext, responsible: string): FhirReference {
  const { billingPractitioners, staff } = context.record.practice;
  const onRoster =
    billingPractitioners.some((p) => p.id === responsible) || staff.some((s) => s.id === responsible);
  return onRoster ? context.person(responsible) : { display: responsible };
}

/**
 * The patient's care team: the billing practitioner (the latest, after changes), the team named at
 * enrolment, and each designated member over the period of their designation.
 */
export function careTeamResource(context: ExportContext): FhirResource | undefined {
  const { events } = context.record;
  const enrolment = events.find((event) => event.type === 'PatientEnrolled');
  if (!enrolment) return undefined;
  const enrolled = dataOf<Enrolment>(enrolment);
  const changes = events.filter((event) => event.type === 'BillingPractitionerChanged');
  const designations = events.filter(
    (event) =>
      event.type === 'DesignatedCareTeamMemberAssigned' || event.type === 'DesignatedCareTeamMemberChanged',
  );
  const billing =
    changes.length > 0
      ? dataOf<PractitionerChange>(changes[changes.length - 1]).to
      : enrolled.billingPractitionerId;
  const role = (code: string, text: string) => [ccmCodeable('care-team-role', code, text)];
  const designated = designations.map((event, index) => {
    const data = dataOf<Designation>(event);
    // A designation recorded later but effective earlier ends nothing (a Period may not end before it starts).
    const nextStart = designations[index + 1]
      ? dataOf<Designation>(designations[index + 1]).effectiveOn
      : undefined;
    return {
      role: role('designated_member', 'Designated care team member'),
      member: context.person(data.memberId),
      period: {
        start: data.effectiveOn,
        ...(nextStart !== undefined && nextStart >= data.effectiveOn ? { end: nextStart } : {}),
      },
    };
  });
  const resource: FhirResource = {
    resourceType: 'CareTeam',
    id: stableResourceId('CareTeam', enrolment.streamId, enrolment.id),
    status: 'active',
    subject: context.patientReference(),
    period: { start: enrolled.enrolledOn },
    participant: [
      { role: role('billing_practitioner', 'Billing practitioner'), member: context.person(billing) },
      ...enrolled.careTeam.map((memberId) => ({
        role: role('care_team_member', 'Care team member'),
        member: context.person(memberId),
      })),
      ...designated,
    ],
    managingOrganization: [context.practiceReference()],
  };
  return context.traces(resource, enrolment, ...changes, ...designations);
}
