import type { PatientEvent } from '@ccm/domain';
import { describeCareQualityEvent } from './describe-care-quality';
import { describeCareTeamOrMedicationEvent } from './describe-care-team-events';
import { describeDemographicsEvent } from './describe-demographics';

const words = (snake: string): string => snake.replace(/_/g, ' ');
const list = (items: readonly string[]): string => (items.length === 0 ? 'none' : items.join(', '));
const programOf = (program: string | readonly string[]): string =>
  typeof program === 'string' ? program : `${program.join(' + ')} (not yet allocated)`;

/** One line a person can read in a patient's history: what happened, with the facts that matter. */
export function describeEvent(event: PatientEvent): string {
  switch (event.type) {
    case 'PatientEnrolled':
      return (
        `Enrolled in CCM on ${event.data.enrolledOn} with billing practitioner ${event.data.billingPractitionerId}; ` +
        `conditions ${list(event.data.conditions.map((c) => c.icd10))}; care team ${list(event.data.careTeam)}`
      );
    case 'ConditionAdded': {
      const c = event.data.condition;
      return `Condition added: ${c.icd10} ${c.description} (${words(c.expectedDuration)}${c.significantRisk ? ', significant risk' : ''}), attested on ${c.attestedOn} by ${c.attestedBy}`;
    }
    case 'ConditionResolved':
      return `Condition resolved: ${event.data.icd10} on ${event.data.resolvedOn} (${event.data.reason})`;
    case 'PcmConditionAttested': {
      const d = event.data;
      const needs = [
        d.riskOfHospitalizationOrDecline ? 'high risk' : 'not high risk',
        d.frequentMedicationAdjustment
          ? 'frequent medication adjustment'
          : 'no frequent medication adjustment',
        d.ongoingCoordinationNeeded ? 'ongoing coordination' : 'no ongoing coordination',
      ];
      return `PCM attestation for ${d.icd10} on ${d.attestedOn} by ${d.attestedBy}: expected to last ${d.expectedDurationMonthsAtLeast} months or more; ${needs.join(', ')}`;
    }
    case 'BillingPractitionerChanged':
      return `Billing practitioner changed from ${event.data.from} to ${event.data.to}, effective ${event.data.effectiveOn} (${event.data.reason})`;
    case 'ConsentRecorded': {
      const d = event.data;
      return `${d.program} consent ${d.decision} (${words(d.method)}), obtained by ${d.obtainedBy} for billing practitioner ${d.billingPractitionerId}`;
    }
    case 'ConsentWithdrawn':
      return `${event.data.program} consent withdrawn; effective at the end of ${event.data.effectiveEndOfDay}${event.data.reason ? ` (${event.data.reason})` : ''}`;
    case 'InitiatingVisitRecorded': {
      const d = event.data;
      const notes = [d.ccmDiscussed ? 'CCM discussed' : 'CCM not discussed'];
      if (d.extensiveAssessmentAndCarePlanning) notes.push('extensive assessment and care planning');
      return `Initiating visit ${d.visitCode} on ${d.visitDate} by ${d.practitionerId}: ${notes.join('; ')}`;
    }
    case 'CarePlanCreated': {
      const d = event.data;
      const focus = d.focusCondition ? ` for ${d.focusCondition}` : '';
      const signed = d.signedOffBy ? `, signed off by ${d.signedOffBy}` : ', not signed off yet';
      const paper = d.electronic === false ? ' (kept outside the electronic record)' : '';
      return `${d.planType === 'comprehensive' ? 'Comprehensive' : 'Disease-specific'} care plan${focus} established on ${d.establishedOn} by ${d.authoredBy}${signed}${paper}`;
    }
    case 'CarePlanRevised': {
      const d = event.data;
      return `Care plan revised to version ${d.version} on ${d.revisedOn} by ${d.revisedBy}${d.substantial ? ' (substantial)' : ''}: ${d.changeSummary}`;
    }
    case 'CarePlanReviewed':
      return `Care plan ${event.data.activity} on ${event.data.reviewedOn} by ${event.data.reviewedBy}`;
    case 'CarePlanShared':
      return `Care plan version ${event.data.version} shared with the ${event.data.recipient} (${words(event.data.method)}) on ${event.data.sharedOn} by ${event.data.sharedBy}`;
    case 'ContactRecorded': {
      const d = event.data;
      const direction = d.direction === 'inbound' ? 'Inbound' : 'Outbound';
      const when = d.afterHours ? `After-hours ${d.direction}` : direction;
      return `${when} ${words(d.channel)} contact with ${words(d.party)}: ${words(d.outcome)}`;
    }
    case 'TimeLogged': {
      const d = event.data;
      return `${d.minutes} min ${programOf(d.program)} by ${d.performerId} (${words(d.performerRole)}): ${words(d.activity)}, ${d.serviceDate} ${d.startTime}`;
    }
    case 'TimeCorrected': {
      const d = event.data;
      return `Time entry ${d.entryId} corrected to ${d.minutes} min on ${d.serviceDate} ${d.startTime} by ${d.correctedBy}: ${d.reason}`;
    }
    case 'TimeVoided':
      return `Time entry ${event.data.entryId} voided by ${event.data.voidedBy}: ${event.data.reason}`;
    case 'TimeReallocated':
      return `Time entry ${event.data.entryId} reallocated from ${programOf(event.data.from)} to ${event.data.program} by ${event.data.reallocatedBy}: ${event.data.reason}`;
    case 'MedicalDecisionMakingRecorded':
      return `Medical decision making for ${event.data.serviceMonth}: ${event.data.level}, by ${event.data.practitionerId}`;
    case 'PayerCoverageRecorded':
      return `Coverage from ${event.data.fromMonth}: ${words(event.data.payerType)}${event.data.qmb ? ', QMB' : ''}`;
    case 'TrackPolicySet':
      return `Billing track from ${event.data.fromMonth}: ${words(event.data.preferred)}${event.data.fallback ? `, falling back to ${words(event.data.fallback)}` : ''} (${event.data.reason})`;
    case 'InpatientStayRecorded':
      return `${words(event.data.stayType)} stay from ${event.data.admit}${event.data.discharge ? ` to ${event.data.discharge}` : ', still admitted'}`;
    case 'OtherServiceRecorded':
      return `Other service ${event.data.code} on ${event.data.date} by ${event.data.practitionerId}`;
    case 'OtherPractitionerClaimRecorded':
      return `Claim by ${event.data.practitionerId} for ${event.data.code} in ${event.data.serviceMonth}: ${event.data.status}`;
    case 'ClaimSubmitted':
      return `Claim submitted for ${event.data.serviceMonth} by ${event.data.submittedBy}: ${list(event.data.codes.map((c) => `${c.code} x${c.units}`))}`;
    case 'RpmEnrolled': {
      const d = event.data;
      return `Enrolled in RPM on ${d.enrolledOn} (${words(d.deviceType)}), ordered by ${d.orderingPractitionerId}; consent documented${d.establishedPatient ? '; established patient' : '; not an established patient'}`;
    }
    case 'RpmDevicePeriodRecorded': {
      const d = event.data;
      return `RPM device period ${d.start} to ${d.end}: ${d.daysWithTransmittedData} days with transmitted data`;
    }
    case 'RpmEnded':
      return `RPM ended on ${event.data.endedOn}: ${event.data.reason}`;
    case 'ApcmAttestationRecorded': {
      const d = event.data;
      return `APCM attestation from ${d.fromMonth} by ${d.practitionerId}: ${d.responsibleForAllPrimaryCare ? 'responsible' : 'not responsible'} for all primary care; service elements ${d.serviceElementsInPlace ? 'in place' : 'not in place'}`;
    }
    case 'RtmEnrolled': {
      const d = event.data;
      return `Enrolled in RTM on ${d.enrolledOn}${d.deviceType ? ` (${words(d.deviceType)})` : ''}, ordered by ${d.orderingPractitionerId}`;
    }
    case 'RtmDevicePeriodRecorded': {
      const d = event.data;
      return `RTM device period ${d.start} to ${d.end}: ${d.daysWithTransmittedData} days with transmitted data`;
    }
    case 'RtmEnded':
      return `RTM ended on ${event.data.endedOn}: ${event.data.reason}`;
    case 'BehavioralHealthServiceRecorded': {
      const d = event.data;
      return `Behavioral health (${words(d.service)}) for ${d.serviceMonth} under ${d.furnishedUnderPractitioner}: ${d.activitiesDocumented.length} activities documented`;
    }
    case 'ClaimLinesAttempted':
      return `Claim lines attempted for ${event.data.serviceMonth}: ${list(event.data.lines.map((l) => (l.units === undefined ? l.code : `${l.code} x${l.units}`)))}`;
    case 'DesignatedCareTeamMemberAssigned':
    case 'DesignatedCareTeamMemberChanged':
    case 'MedicationAdded':
    case 'MedicationChanged':
    case 'MedicationStopped':
    case 'MedicationsReconciled':
    case 'AdherenceChecked':
      return describeCareTeamOrMedicationEvent(event);
    case 'ClinicalObservationRecorded':
    case 'ClinicalObservationCorrected':
    case 'ClinicalObservationVoided':
    case 'EmergencyVisitRecorded':
    case 'SatisfactionSurveyRecorded':
      return describeCareQualityEvent(event);
    case 'DemographicsRecorded':
    case 'DemographicsCorrected':
      return describeDemographicsEvent(event);
    default:
      // An event type added after this read model: still shown, by its name.
      return (event as { type: string }).type;
  }
}
