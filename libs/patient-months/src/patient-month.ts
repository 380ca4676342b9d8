import type { BilledCode, PerformerRole } from '@ccm/billing';
import type { LocalDate } from '@ccm/domain';
import { buildBillingFacts } from './billing-facts';
import { minutesInMonth } from './calendar';
import {
  consentedAtEnd,
  consentedDuring,
  consentOverMonth,
  governingConsent,
  type MonthConsent,
} from './consent-over-month';
import type { MonthActivity, MonthContact, MonthTimeEntry } from './month-activity';
import { blockersOf, decideMonth, type BillingStatus, type MonthBilling } from './month-billing';
import {
  carePlanForMonth,
  conditionsForMonth,
  practitionerForMonth,
  visitForMonth,
  type MonthCarePlan,
  type MonthCondition,
  type MonthVisit,
} from './month-state';
import type { PatientLedger } from './patient-ledger';
import { npiOf, type PracticeSnapshot } from './practice-snapshot';
import {
  afterHoursAccessForMonth,
  designationForMonth,
  type MonthAfterHoursAccess,
  type MonthDesignation,
} from './care-team-access';

export type MinutesByRole = Record<PerformerRole, number>;

/** Logged minutes inside the month, net of corrections and voids, by program and performer role. */
export interface MinutesSplit {
  readonly total: number;
  /** Program name, or `unallocated` for entries naming several programs (TIME-18). */
  readonly byProgram: Readonly<Record<string, MinutesByRole>>;
}

/** What the worklist and the program metrics need of a month, kept small. */
export interface MonthSummary {
  readonly status: BillingStatus;
  readonly codes: readonly BilledCode[];
  /** Minutes the billing engine counted toward staff codes (the 20/40/60 thresholds). */
  readonly countedStaffMinutes: number;
  readonly loggedMinutes: number;
  readonly consentedDuringMonth: boolean;
  readonly consentedAtMonthEnd: boolean;
  readonly blockers: readonly string[];
  readonly thresholdReachedOn: LocalDate | null;
}

/** One patient, one calendar month (practice-local): everything billing and the care team look at. */
export interface PatientMonthDocument {
  readonly practiceId: string;
  readonly patientId: string;
  readonly month: string;
  /** The patient stream revision this document reflects. */
  readonly revision: number;
  readonly timeZone: string;
  readonly enrolledOn: LocalDate;
  readonly billingPractitionerId: string;
  /** The billing practitioner's NPI on the practice roster (null when the roster is unknown). */
  readonly billingPractitionerNpi: string | null;
  readonly careTeam: readonly string[];
  /** Continuity: the designated care-team member at the month's end, and changes during it. */
  readonly designatedCareTeamMember: MonthDesignation;
  /** 24/7 access: the practice's after-hours arrangements over the month. */
  readonly afterHoursAccess: MonthAfterHoursAccess;
  readonly consent: MonthConsent;
  readonly conditions: readonly MonthCondition[];
  readonly qualifyingConditionCount: number;
  readonly carePlan: MonthCarePlan;
  readonly initiatingVisit: MonthVisit | null;
  readonly timeEntries: readonly MonthTimeEntry[];
  readonly minutes: MinutesSplit;
  readonly contacts: readonly MonthContact[];
  readonly summary: MonthSummary;
  readonly billing: MonthBilling;
  /** CLAIM-4: the claim submitted for this month, if any (a later change to the month amends it). */
  readonly claim: PatientLedger['billingFacts']['submittedClaims'][string] | null;
  /** The month changed after its claim: the codes it would bill now differ from those submitted. */
  readonly amendedAfterSubmission: boolean;
}

/** `99439x1;99490x1`: codes in order, so two decisions compare as text and exports read the same. */
export const codesText = (codes: readonly { readonly code: string; readonly units: number }[]): string =>
  codes
    .map((c) => `${c.code}x${c.units}`)
    .sort()
    .join(';');

const ROLES: readonly PerformerRole[] = ['clinical_staff', 'physician_qhp', 'non_clinical_staff'];

export function splitMinutes(entries: readonly MonthTimeEntry[], month: string): MinutesSplit {
  const byProgram: Record<string, MinutesByRole> = {};
  let total = 0;
  for (const entry of entries) {
    if (entry.status !== 'active') continue;
    const minutes = minutesInMonth(entry.serviceDate, entry.startTime, entry.minutes, month);
    const program = typeof entry.program === 'string' ? entry.program : 'unallocated';
    byProgram[program] ??= Object.fromEntries(ROLES.map((r) => [r, 0])) as MinutesByRole;
    byProgram[program][entry.performerRole] += minutes;
    total += minutes;
  }
  const sorted = Object.fromEntries(
    Object.keys(byProgram)
      .sort()
      .map((k) => [k, byProgram[k]]),
  );
  return { total, byProgram: sorted };
}

/** What the worklist and the metrics read of a month, from the document's own parts. */
export function summaryOf(
  month: Pick<PatientMonthDocument, 'billing' | 'minutes' | 'consent' | 'carePlan'>,
): MonthSummary {
  const { billing, minutes, consent, carePlan } = month;
  return {
    status: billing.status,
    codes: billing.decision?.codes ?? [],
    countedStaffMinutes: billing.decision?.countedMinutes.staff ?? 0,
    loggedMinutes: minutes.total,
    consentedDuringMonth: consentedDuring(consent.status),
    consentedAtMonthEnd: consentedAtEnd(consent.status),
    blockers: blockersOf(billing, carePlan.status === 'in_force'),
    thresholdReachedOn: billing.decision?.thresholdReachedOn ?? null,
  };
}

/**
 * Pure: the month document from the patient's ledger and the month's own activity. `stamp` is the stream
 * revision (and zone) of the last event that changed this month, when later events of the ledger did not.
 */
export function buildPatientMonth(
  ledger: PatientLedger,
  month: string,
  activity: MonthActivity,
  practice: PracticeSnapshot | undefined,
  stamp: { readonly revision: number; readonly timeZone: string } = ledger,
): PatientMonthDocument {
  const practitionerId = practitionerForMonth(ledger, month);
  const conditions = conditionsForMonth(ledger, month);
  const consent = consentOverMonth(ledger, month);
  const carePlan = carePlanForMonth(ledger, month, activity);
  const visit = visitForMonth(ledger, month, practitionerId);
  const { facts, assumed } = buildBillingFacts({
    ledger,
    month,
    practitionerId,
    conditions,
    consent: governingConsent(ledger, month),
    carePlan,
    visit,
    activity,
    practice,
  });
  const billing = decideMonth(facts, assumed);
  const minutes = splitMinutes(activity.timeEntries, month);
  const summary = summaryOf({ billing, minutes, consent, carePlan });
  const claim = ledger.billingFacts.submittedClaims[month] ?? null;
  return {
    practiceId: ledger.practiceId,
    patientId: ledger.patientId,
    month,
    revision: stamp.revision,
    timeZone: stamp.timeZone,
    enrolledOn: ledger.enrolledOn,
    billingPractitionerId: practitionerId,
    billingPractitionerNpi: npiOf(practice, practitionerId),
    careTeam: ledger.careTeam,
    designatedCareTeamMember: designationForMonth(ledger.designations, month),
    afterHoursAccess: afterHoursAccessForMonth(practice?.afterHoursAccess, month),
    consent,
    conditions,
    qualifyingConditionCount: conditions.filter((c) => c.qualifying).length,
    carePlan,
    initiatingVisit: visit,
    timeEntries: activity.timeEntries,
    minutes,
    contacts: activity.contacts,
    summary,
    billing,
    claim,
    amendedAfterSubmission:
      claim !== null && codesText(claim.codes) !== codesText(billing.decision?.codes ?? []),
  };
}
