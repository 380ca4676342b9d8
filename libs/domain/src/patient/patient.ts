import {
  decideBillingFacts,
  evolveBillingFacts,
  type BillingFactsCommand,
} from '../billing-facts/billing-facts';
import type { BillingFactsEvent } from '../billing-facts/billing-facts.events';
import { decideClaim, evolveClaim, type ClaimCommand } from '../claims/claims';
import type { ClaimEvent } from '../claims/claims.events';
import {
  decideRemoteMonitoring,
  evolveRemoteMonitoring,
  type RemoteMonitoringCommand,
} from '../remote-monitoring/remote-monitoring';
import type { RemoteMonitoringEvent } from '../remote-monitoring/remote-monitoring.events';
import { decideRtm, evolveRtm, type RtmCommand } from '../rtm/rtm';
import type { RtmEvent } from '../rtm/rtm.events';
import {
  decideBehavioralHealth,
  evolveBehavioralHealth,
  type BehavioralHealthCommand,
} from '../behavioral-health/behavioral-health';
import type { BehavioralHealthEvent } from '../behavioral-health/behavioral-health.events';
import {
  decideClaimAttempt,
  evolveClaimAttempt,
  type ClaimAttemptCommand,
} from '../claim-attempts/claim-attempts';
import type { ClaimAttemptEvent } from '../claim-attempts/claim-attempts.events';
import { decideCareTeam, evolveCareTeam, type CareTeamCommand } from '../care-team/care-team';
import type { CareTeamEvent } from '../care-team/care-team.events';
import { decideMedication, evolveMedication, type MedicationCommand } from '../medication/medication';
import type { MedicationEvent } from '../medication/medication.events';
import { decideCarePlan, evolveCarePlan, type CarePlanCommand } from '../care-plan/care-plan';
import type { CarePlanEvent } from '../care-plan/care-plan.events';
import { decideConsent, evolveConsent, type ConsentCommand } from '../consent/consent';
import type { ConsentEvent } from '../consent/consent.events';
import { decideContact, evolveContact, type ContactCommand } from '../contact/contact';
import {
  decideDemographics,
  evolveDemographics,
  type DemographicsCommand,
} from '../demographics/demographics';
import type { DemographicsEvent } from '../demographics/demographics.events';
import type { ContactEvent } from '../contact/contact.events';
import { decideEnrollment, evolveEnrollment, type EnrollmentCommand } from '../enrollment/enrollment';
import type { EnrollmentEvent } from '../enrollment/enrollment.events';
import {
  decideInitiatingVisit,
  evolveInitiatingVisit,
  type InitiatingVisitCommand,
} from '../initiating-visit/initiating-visit';
import type { InitiatingVisitEvent } from '../initiating-visit/initiating-visit.events';
import { decideObservation, evolveObservation, type ObservationCommand } from '../observations/observations';
import type { ObservationEvent } from '../observations/observations.events';
import { decideUtilisation, evolveUtilisation, type UtilisationCommand } from '../utilisation/utilisation';
import type { UtilisationEvent } from '../utilisation/utilisation.events';
import {
  decideSatisfaction,
  evolveSatisfaction,
  type SatisfactionCommand,
} from '../satisfaction/satisfaction';
import type { SatisfactionEvent } from '../satisfaction/satisfaction.events';
import { refuse, type Decision } from '../shared/decision';
import { copying, ownedUpdates, type Updates } from '../shared/updates';
import type { LocalDateTime } from '../shared/local-time';
import { decideTimeLog, evolveTimeLog, type TimeLogCommand } from '../time-log/time-log';
import type { TimeLogEvent } from '../time-log/time-log.events';
import type { DecisionContext } from './decision-context';
import { initialPatientState, type PatientState } from './patient-state';

/** Everything recorded in a patient's stream (one stream per patient per practice). */
export type PatientEvent =
  | EnrollmentEvent
  | ConsentEvent
  | InitiatingVisitEvent
  | CarePlanEvent
  | ContactEvent
  | TimeLogEvent
  | BillingFactsEvent
  | ClaimEvent
  | RemoteMonitoringEvent
  | RtmEvent
  | BehavioralHealthEvent
  | ClaimAttemptEvent
  | ObservationEvent
  | UtilisationEvent
  | SatisfactionEvent
  | CareTeamEvent
  | MedicationEvent
  | DemographicsEvent;

export type PatientCommand =
  | EnrollmentCommand
  | ConsentCommand
  | InitiatingVisitCommand
  | CarePlanCommand
  | ContactCommand
  | TimeLogCommand
  | BillingFactsCommand
  | ClaimCommand
  | RemoteMonitoringCommand
  | RtmCommand
  | BehavioralHealthCommand
  | ClaimAttemptCommand
  | ObservationCommand
  | UtilisationCommand
  | SatisfactionCommand
  | CareTeamCommand
  | MedicationCommand
  | DemographicsCommand;

/** The stable names written into the store. Never derived from class names. */
export const PATIENT_EVENT_TYPES = [
  'PatientEnrolled',
  'ConditionAdded',
  'ConditionResolved',
  'BillingPractitionerChanged',
  'PcmConditionAttested',
  'ConsentRecorded',
  'ConsentWithdrawn',
  'InitiatingVisitRecorded',
  'CarePlanCreated',
  'CarePlanRevised',
  'CarePlanShared',
  'CarePlanReviewed',
  'ContactRecorded',
  'TimeLogged',
  'TimeCorrected',
  'TimeVoided',
  'TimeReallocated',
  'MedicalDecisionMakingRecorded',
  'PayerCoverageRecorded',
  'TrackPolicySet',
  'InpatientStayRecorded',
  'OtherServiceRecorded',
  'OtherPractitionerClaimRecorded',
  'ClaimSubmitted',
  'RpmEnrolled',
  'RpmDevicePeriodRecorded',
  'RpmEnded',
  'ApcmAttestationRecorded',
  'RtmEnrolled',
  'RtmDevicePeriodRecorded',
  'RtmEnded',
  'BehavioralHealthServiceRecorded',
  'ClaimLinesAttempted',
  'ClinicalObservationRecorded',
  'ClinicalObservationCorrected',
  'ClinicalObservationVoided',
  'EmergencyVisitRecorded',
  'SatisfactionSurveyRecorded',
  'DesignatedCareTeamMemberAssigned',
  'DesignatedCareTeamMemberChanged',
  'MedicationAdded',
  'MedicationChanged',
  'MedicationStopped',
  'MedicationsReconciled',
  'AdherenceChecked',
  'DemographicsRecorded',
  'DemographicsCorrected',
] as const satisfies readonly PatientEvent['type'][];

export const isPatientEvent = (event: { type: string }): event is PatientEvent =>
  (PATIENT_EVENT_TYPES as readonly string[]).includes(event.type);

export function decidePatient(
  command: PatientCommand,
  state: PatientState,
  context: DecisionContext,
): Decision<PatientEvent> {
  switch (command.type) {
    case 'EnrollPatient':
    case 'AddCondition':
    case 'ResolveCondition':
    case 'AttestPcmCondition':
    case 'ChangeBillingPractitioner':
      return decideEnrollment(command, state, context);
  }
  if (state.status !== 'enrolled') return refuse('PATIENT_NOT_FOUND', 'No such patient in this practice.');
  switch (command.type) {
    case 'RecordConsent':
    case 'WithdrawConsent':
      return decideConsent(command, state, context);
    case 'RecordInitiatingVisit':
      return decideInitiatingVisit(command, state, context);
    case 'CreateCarePlan':
    case 'ReviseCarePlan':
    case 'ReviewCarePlan':
    case 'ShareCarePlan':
      return decideCarePlan(command, state, context);
    case 'RecordContact':
      return decideContact(command, state, context);
    case 'LogTime':
    case 'CorrectTime':
    case 'VoidTime':
    case 'ReallocateTime':
      return decideTimeLog(command, state, context);
    case 'RecordMedicalDecisionMaking':
    case 'RecordPayerCoverage':
    case 'SetTrackPolicy':
    case 'RecordInpatientStay':
    case 'RecordOtherService':
    case 'RecordOtherPractitionerClaim':
      return decideBillingFacts(command, state, context);
    case 'SubmitClaim':
      return decideClaim(command, state, context);
    case 'EnrollInRpm':
    case 'RecordRpmDevicePeriod':
    case 'EndRpm':
    case 'RecordApcmAttestation':
      return decideRemoteMonitoring(command, state, context);
    case 'EnrollInRtm':
    case 'RecordRtmDevicePeriod':
    case 'EndRtm':
      return decideRtm(command, state, context);
    case 'RecordBehavioralHealthService':
      return decideBehavioralHealth(command, state, context);
    case 'RecordAttemptedClaimLines':
      return decideClaimAttempt(command, state, context);
    case 'RecordObservation':
    case 'CorrectObservation':
    case 'VoidObservation':
      return decideObservation(command, state, context);
    case 'RecordEmergencyVisit':
    case 'RecordHospitalDischarge':
      return decideUtilisation(command, state, context);
    case 'RecordSatisfactionSurvey':
      return decideSatisfaction(command, state, context);
    case 'DesignateCareTeamMember':
      return decideCareTeam(command, state, context);
    case 'AddMedication':
    case 'ChangeMedication':
    case 'StopMedication':
    case 'ReconcileMedications':
    case 'CheckAdherence':
      return decideMedication(command, state, context);
    case 'RecordDemographics':
    case 'CorrectDemographics':
      return decideDemographics(command, state, context);
  }
}

function evolveSlice(state: PatientState, event: PatientEvent, updates: Updates): PatientState {
  switch (event.type) {
    case 'PatientEnrolled':
    case 'ConditionAdded':
    case 'ConditionResolved':
    case 'PcmConditionAttested':
    case 'BillingPractitionerChanged':
      return evolveEnrollment(state, event, updates);
  }
  if (state.status !== 'enrolled') return state;
  switch (event.type) {
    case 'ConsentRecorded':
    case 'ConsentWithdrawn':
      return evolveConsent(state, event, updates);
    case 'InitiatingVisitRecorded':
      return evolveInitiatingVisit(state, event, updates);
    case 'CarePlanCreated':
    case 'CarePlanRevised':
    case 'CarePlanReviewed':
    case 'CarePlanShared':
      return evolveCarePlan(state, event, updates);
    case 'ContactRecorded':
      return evolveContact(state, event);
    case 'TimeLogged':
    case 'TimeCorrected':
    case 'TimeVoided':
    case 'TimeReallocated':
      return evolveTimeLog(state, event);
    case 'MedicalDecisionMakingRecorded':
    case 'PayerCoverageRecorded':
    case 'TrackPolicySet':
    case 'InpatientStayRecorded':
    case 'OtherServiceRecorded':
    case 'OtherPractitionerClaimRecorded':
      return evolveBillingFacts(state, event, updates);
    case 'ClaimSubmitted':
      return evolveClaim(state, event, updates);
    case 'RpmEnrolled':
    case 'RpmDevicePeriodRecorded':
    case 'RpmEnded':
    case 'ApcmAttestationRecorded':
      return evolveRemoteMonitoring(state, event, updates);
    case 'RtmEnrolled':
    case 'RtmDevicePeriodRecorded':
    case 'RtmEnded':
      return evolveRtm(state, event, updates);
    case 'BehavioralHealthServiceRecorded':
      return evolveBehavioralHealth(state, event);
    case 'ClaimLinesAttempted':
      return evolveClaimAttempt(state, event);
    case 'ClinicalObservationRecorded':
    case 'ClinicalObservationCorrected':
    case 'ClinicalObservationVoided':
      return evolveObservation(state, event);
    case 'EmergencyVisitRecorded':
      return evolveUtilisation(state, event);
    case 'SatisfactionSurveyRecorded':
      return evolveSatisfaction(state, event);
    case 'DesignatedCareTeamMemberAssigned':
    case 'DesignatedCareTeamMemberChanged':
      return evolveCareTeam(state, event, updates);
    case 'MedicationAdded':
    case 'MedicationChanged':
    case 'MedicationStopped':
    case 'MedicationsReconciled':
    case 'AdherenceChecked':
      return evolveMedication(state, event, updates);
    case 'DemographicsRecorded':
    case 'DemographicsCorrected':
      return evolveDemographics(state, event);
  }
}

/** Folds one event; `version` counts every event, so it always equals the stream's next revision. */
export function evolvePatient(state: PatientState, event: PatientEvent): PatientState {
  return { ...evolveSlice(state, event, copying), version: state.version + 1 };
}

/**
 * Folds events onto `from` (the initial state by default): the same state as `evolvePatient` event by
 * event, in linear time. The records and lists it builds are its own until it returns, and written in
 * place meanwhile; `from` and the events are never written to, so a cached state can be folded further.
 */
export function foldPatient(
  events: Iterable<PatientEvent>,
  from: PatientState = initialPatientState,
): PatientState {
  const updates = ownedUpdates();
  let state = from;
  for (const event of events) state = { ...evolveSlice(state, event, updates), version: state.version + 1 };
  return state;
}

/** Business time of an event, practice-local; undefined when it is the moment of recording. */
export function occurredAtOf(event: PatientEvent): LocalDateTime | undefined {
  switch (event.type) {
    case 'PatientEnrolled':
      return `${event.data.enrolledOn}T00:00`;
    case 'ConditionAdded':
      return `${event.data.condition.attestedOn}T00:00`;
    case 'ConsentRecorded':
      return event.data.obtainedAt;
    case 'ConsentWithdrawn':
      return event.data.withdrawnAt;
    case 'ContactRecorded':
      return event.data.occurredAt;
    case 'TimeLogged':
    case 'TimeCorrected':
      return `${event.data.serviceDate}T${event.data.startTime}`;
    case 'InitiatingVisitRecorded':
      return `${event.data.visitDate}T00:00`;
    case 'CarePlanCreated':
      return `${event.data.establishedOn}T00:00`;
    case 'CarePlanRevised':
      return `${event.data.revisedOn}T00:00`;
    case 'CarePlanShared':
      return `${event.data.sharedOn}T00:00`;
    case 'CarePlanReviewed':
      return `${event.data.reviewedOn}T00:00`;
    case 'ConditionResolved':
      return `${event.data.resolvedOn}T00:00`;
    case 'PcmConditionAttested':
      return `${event.data.attestedOn}T00:00`;
    case 'BillingPractitionerChanged':
      return `${event.data.effectiveOn}T00:00`;
    case 'RpmEnrolled':
      return `${event.data.enrolledOn}T00:00`;
    case 'RpmEnded':
      return `${event.data.endedOn}T00:00`;
    case 'RtmEnrolled':
      return `${event.data.enrolledOn}T00:00`;
    case 'RtmEnded':
      return `${event.data.endedOn}T00:00`;
    case 'ClinicalObservationRecorded':
    case 'ClinicalObservationCorrected':
      return event.data.takenAt;
    case 'EmergencyVisitRecorded':
      return `${event.data.visitDate}T00:00`;
    case 'InpatientStayRecorded':
      // A stay is recorded again when the patient leaves: that report is of the discharge.
      return `${event.data.discharge ?? event.data.admit}T00:00`;
    case 'OtherServiceRecorded':
      return `${event.data.date}T00:00`;
    case 'SatisfactionSurveyRecorded':
      return `${event.data.completedOn}T00:00`;
    case 'DesignatedCareTeamMemberAssigned':
    case 'DesignatedCareTeamMemberChanged':
      return `${event.data.effectiveOn}T00:00`;
    case 'MedicationAdded':
      return `${event.data.startedOn}T00:00`;
    case 'MedicationChanged':
      return `${event.data.changedOn}T00:00`;
    case 'MedicationStopped':
      return `${event.data.stoppedOn}T00:00`;
    case 'MedicationsReconciled':
      return `${event.data.reconciledOn}T00:00`;
    case 'AdherenceChecked':
      return `${event.data.checkedOn}T00:00`;
    default:
      return undefined;
  }
}
