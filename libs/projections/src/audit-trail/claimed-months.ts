import type { PatientEvent } from '@ccm/domain';
import { monthRange, monthsOfInterval } from '@ccm/patient-months';

/** Where an entry was before a change, so a correction or void can say which months it leaves. */
export interface EntryPlace {
  readonly minutes: number;
  readonly serviceDate: string;
  readonly startTime: string;
}

/** Months a change bears on: some named, and every month from `onwards` when it lasts (a withdrawal). */
interface Bearing {
  readonly months: readonly string[];
  readonly onwards?: string;
}

const monthOf = (date: string): string => date.slice(0, 7);

const entryMonths = (place: EntryPlace | undefined): string[] =>
  place ? monthsOfInterval(place.serviceDate, place.startTime, place.minutes) : [];

/** Pure: which months' billing decision an event can change (the facts of a patient-month, CLAIM-4). */
function bearingOf(event: PatientEvent, before: EntryPlace | undefined): Bearing {
  switch (event.type) {
    case 'TimeLogged':
      return { months: entryMonths(event.data) };
    case 'TimeCorrected':
      return { months: [...entryMonths(before), ...entryMonths(event.data)] };
    case 'TimeVoided':
    case 'TimeReallocated':
      return { months: entryMonths(before) };
    case 'ConsentRecorded':
      return { months: [], onwards: monthOf(event.data.obtainedAt) };
    case 'ConsentWithdrawn':
      return { months: [], onwards: monthOf(event.data.withdrawnAt) };
    case 'ConditionAdded':
      return { months: [], onwards: monthOf(event.data.condition.attestedOn) };
    case 'ConditionResolved':
      return { months: [], onwards: monthOf(event.data.resolvedOn) };
    case 'BillingPractitionerChanged':
      return { months: [], onwards: monthOf(event.data.effectiveOn) };
    case 'InitiatingVisitRecorded':
      return { months: [], onwards: monthOf(event.data.visitDate) };
    case 'CarePlanCreated':
      return { months: [], onwards: monthOf(event.data.establishedOn) };
    case 'CarePlanRevised':
      return { months: [], onwards: monthOf(event.data.revisedOn) };
    case 'CarePlanShared':
      return { months: [], onwards: monthOf(event.data.sharedOn) };
    case 'MedicalDecisionMakingRecorded':
      return { months: [event.data.serviceMonth] };
    case 'PayerCoverageRecorded':
    case 'TrackPolicySet':
      return { months: [], onwards: event.data.fromMonth };
    case 'InpatientStayRecorded':
      return event.data.discharge === null
        ? { months: [], onwards: monthOf(event.data.admit) }
        : { months: monthRange(monthOf(event.data.admit), monthOf(event.data.discharge)) };
    case 'OtherServiceRecorded':
      return { months: [monthOf(event.data.date)] };
    case 'OtherPractitionerClaimRecorded':
      return { months: [event.data.serviceMonth] };
    case 'RpmEnrolled':
      return { months: [], onwards: monthOf(event.data.enrolledOn) };
    case 'RpmDevicePeriodRecorded':
      return { months: monthRange(monthOf(event.data.start), monthOf(event.data.end)) };
    case 'RpmEnded':
      return { months: [], onwards: monthOf(event.data.endedOn) };
    case 'ApcmAttestationRecorded':
      return { months: [], onwards: event.data.fromMonth };
    case 'RtmEnrolled':
      return { months: [], onwards: monthOf(event.data.enrolledOn) };
    case 'RtmDevicePeriodRecorded':
      return { months: monthRange(monthOf(event.data.start), monthOf(event.data.end)) };
    case 'RtmEnded':
      return { months: [], onwards: monthOf(event.data.endedOn) };
    case 'BehavioralHealthServiceRecorded':
    case 'ClaimLinesAttempted':
      return { months: [event.data.serviceMonth] };
    default:
      return { months: [] };
  }
}

/**
 * CLAIM-4: the months already submitted that this change bears on, oldest first. The change may or may
 * not alter their decision (the billing job says whether it did): the audit trail shows that it came
 * after the claim.
 */
export function claimedMonthsTouched(
  event: PatientEvent,
  before: EntryPlace | undefined,
  submitted: readonly string[],
): string[] {
  const bearing = bearingOf(event, before);
  const named = new Set(bearing.months);
  return submitted
    .filter((month) => named.has(month) || (bearing.onwards !== undefined && month >= bearing.onwards))
    .sort();
}
