import type {
  CarePlanType,
  ConsentDisclosures,
  ConsentMethod,
  ConsentProgram,
  LocalDate,
  LocalDateTime,
  PcmConditionAttestation,
  ShareMethod,
} from '@ccm/domain';
import type { PatientEventEnvelope } from './events/decode';
import { monthRange } from './calendar';
import { evolveBillingFacts, NO_BILLING_FACTS, type LedgerBillingFacts } from './ledger-billing-facts';
import { evolveDesignations, type LedgerDesignation } from './care-team-access';

export interface LedgerCondition {
  readonly icd10: string;
  readonly description: string;
  readonly expectedDuration: '12_months_or_more' | 'under_12_months';
  readonly significantRisk: boolean;
  readonly attestedBy: string;
  readonly attestedOn: LocalDate;
  readonly resolvedOn: LocalDate | null;
}

export interface LedgerConsent {
  readonly consentId: string;
  readonly program: ConsentProgram;
  readonly decision: 'accepted' | 'declined';
  readonly method: ConsentMethod;
  readonly obtainedAt: LocalDateTime;
  readonly obtainedBy: string;
  readonly billingPractitionerId: string;
  readonly disclosures: ConsentDisclosures;
  readonly documentedInRecord: boolean;
  readonly withdrawnAt: LocalDateTime | null;
  readonly effectiveEndOfDay: LocalDate | null;
}

export interface LedgerVisit {
  readonly visitId: string;
  readonly visitDate: LocalDate;
  readonly practitionerId: string;
  readonly visitCode: string;
  readonly ccmDiscussed: boolean;
  readonly extensiveAssessmentAndCarePlanning: boolean;
}

export interface LedgerCarePlan {
  readonly planType: CarePlanType;
  readonly focusCondition: string | null;
  readonly authoredBy: string;
  readonly establishedOn: LocalDate;
  /** Who signed off, and the business date the sign-off counts from (PLAN-5). */
  readonly signOffs: readonly { readonly by: string; readonly on: LocalDate }[];
  readonly revisions: readonly {
    readonly version: number;
    readonly on: LocalDate;
    readonly by: string;
    readonly substantial: boolean;
  }[];
  readonly shares: readonly {
    readonly version: number;
    readonly on: LocalDate;
    readonly recipient: 'patient' | 'caregiver';
    readonly method: ShareMethod;
  }[];
  /** PLAN-4: present (false) only for a plan kept outside this electronic record. */
  readonly electronic?: false;
  /** PLAN-1, CODE-4: days the plan was monitored or implemented without a change (absent until one). */
  readonly reviews?: readonly { readonly on: LocalDate; readonly activity: 'monitored' | 'implemented' }[];
}

/**
 * What lasts across months for one patient (consents, conditions, plan, visits, practitioner). Month
 * documents are derived from this and the month's own activity. Where each time entry lies is kept
 * apart (EntryPlacements): it grows with every entry, and the ledger is rewritten with every event.
 */
export interface PatientLedger {
  readonly practiceId: string;
  readonly patientId: string;
  /** Last stream revision applied: redelivered events at or below it are ignored. */
  readonly revision: number;
  readonly timeZone: string;
  readonly enrolledOn: LocalDate;
  readonly careTeam: readonly string[];
  /** `from` null = since enrolment; later changes carry their effective date. */
  readonly practitioners: readonly { readonly id: string; readonly from: LocalDate | null }[];
  readonly conditions: readonly LedgerCondition[];
  readonly consents: readonly LedgerConsent[];
  readonly visits: readonly LedgerVisit[];
  readonly carePlan: LedgerCarePlan | null;
  /** Months with a document, ascending. */
  readonly months: readonly string[];
  readonly billingFacts: LedgerBillingFacts;
  /** PCM-1 attestations in recording order (absent until the first, so older ledgers keep their form). */
  readonly pcmAttestations?: readonly PcmConditionAttestation[];
  /** Designated care-team members in recording order (absent until the first). */
  readonly designations?: readonly LedgerDesignation[];
}

/** Events whose facts last beyond their month: every month from `from` on is derived again. */
export type LongitudinalChange = { readonly from: string } | undefined;

/** Pure: folds one event into the ledger; `undefined` in means the patient is not enrolled (yet). */
export function evolveLedger(
  ledger: PatientLedger | undefined,
  envelope: PatientEventEnvelope,
): { ledger: PatientLedger; change: LongitudinalChange } | undefined {
  const { event } = envelope;
  if (event.type === 'PatientEnrolled') {
    const d = event.data;
    return {
      ledger: {
        practiceId: envelope.practiceId,
        patientId: envelope.patientId,
        revision: envelope.revision,
        timeZone: envelope.timeZone,
        enrolledOn: d.enrolledOn,
        careTeam: d.careTeam,
        practitioners: [{ id: d.billingPractitionerId, from: null }],
        conditions: d.conditions.map((c) => ({ ...c, resolvedOn: null })),
        consents: [],
        visits: [],
        carePlan: null,
        months: [d.enrolledOn.slice(0, 7)],
        billingFacts: NO_BILLING_FACTS,
      },
      change: { from: '0000-00' },
    };
  }
  if (!ledger) return undefined;
  const base: PatientLedger = { ...ledger, revision: envelope.revision, timeZone: envelope.timeZone };
  const from = (date: string): LongitudinalChange => ({ from: date.slice(0, 7) });
  switch (event.type) {
    case 'ConditionAdded':
      return {
        ledger: { ...base, conditions: [...base.conditions, { ...event.data.condition, resolvedOn: null }] },
        change: from(event.data.condition.attestedOn),
      };
    case 'ConditionResolved':
      return {
        ledger: {
          ...base,
          conditions: base.conditions.map((c) =>
            c.icd10 === event.data.icd10 && c.resolvedOn === null
              ? { ...c, resolvedOn: event.data.resolvedOn }
              : c,
          ),
        },
        change: from(event.data.resolvedOn),
      };
    case 'BillingPractitionerChanged':
      return {
        ledger: {
          ...base,
          practitioners: [...base.practitioners, { id: event.data.to, from: event.data.effectiveOn }],
        },
        change: from(event.data.effectiveOn),
      };
    case 'ConsentRecorded': {
      const d = event.data;
      const consent: LedgerConsent = {
        consentId: d.consentId,
        program: d.program,
        decision: d.decision,
        method: d.method,
        obtainedAt: d.obtainedAt,
        obtainedBy: d.obtainedBy,
        billingPractitionerId: d.billingPractitionerId,
        disclosures: d.disclosures,
        documentedInRecord: d.documentedInRecord,
        withdrawnAt: null,
        effectiveEndOfDay: null,
      };
      return { ledger: { ...base, consents: [...base.consents, consent] }, change: from(d.obtainedAt) };
    }
    case 'ConsentWithdrawn':
      return {
        ledger: {
          ...base,
          consents: base.consents.map((c) =>
            c.consentId === event.data.consentId
              ? { ...c, withdrawnAt: event.data.withdrawnAt, effectiveEndOfDay: event.data.effectiveEndOfDay }
              : c,
          ),
        },
        change: from(event.data.withdrawnAt),
      };
    case 'InitiatingVisitRecorded': {
      const d = event.data;
      const visit: LedgerVisit = {
        visitId: d.visitId,
        visitDate: d.visitDate,
        practitionerId: d.practitionerId,
        visitCode: d.visitCode,
        ccmDiscussed: d.ccmDiscussed,
        extensiveAssessmentAndCarePlanning: d.extensiveAssessmentAndCarePlanning,
      };
      return { ledger: { ...base, visits: [...base.visits, visit] }, change: from(d.visitDate) };
    }
    case 'CarePlanCreated': {
      const d = event.data;
      const carePlan: LedgerCarePlan = {
        planType: d.planType,
        focusCondition: d.focusCondition ?? null,
        authoredBy: d.authoredBy,
        establishedOn: d.establishedOn,
        signOffs: d.signedOffBy ? [{ by: d.signedOffBy, on: d.establishedOn }] : [],
        revisions: [],
        shares: [],
        ...(d.electronic === false ? { electronic: false as const } : {}),
      };
      return { ledger: { ...base, carePlan }, change: from(d.establishedOn) };
    }
    case 'CarePlanRevised': {
      const d = event.data;
      if (!base.carePlan) return { ledger: base, change: undefined };
      const plan = base.carePlan;
      return {
        ledger: {
          ...base,
          carePlan: {
            ...plan,
            signOffs: d.signedOffBy
              ? [...plan.signOffs, { by: d.signedOffBy, on: d.revisedOn }]
              : plan.signOffs,
            revisions: [
              ...plan.revisions,
              { version: d.version, on: d.revisedOn, by: d.revisedBy, substantial: d.substantial },
            ],
          },
        },
        change: from(d.revisedOn),
      };
    }
    case 'CarePlanReviewed': {
      const d = event.data;
      if (!base.carePlan) return { ledger: base, change: undefined };
      const review = { on: d.reviewedOn, activity: d.activity };
      return {
        ledger: {
          ...base,
          carePlan: { ...base.carePlan, reviews: [...(base.carePlan.reviews ?? []), review] },
        },
        change: from(d.reviewedOn),
      };
    }
    case 'PcmConditionAttested':
      return {
        ledger: { ...base, pcmAttestations: [...(base.pcmAttestations ?? []), event.data] },
        change: from(event.data.attestedOn),
      };
    case 'CarePlanShared': {
      const d = event.data;
      if (!base.carePlan) return { ledger: base, change: undefined };
      return {
        ledger: {
          ...base,
          carePlan: {
            ...base.carePlan,
            shares: [
              ...base.carePlan.shares,
              { version: d.version, on: d.sharedOn, recipient: d.recipient, method: d.method },
            ],
          },
        },
        change: from(d.sharedOn),
      };
    }
    case 'MedicalDecisionMakingRecorded':
    case 'PayerCoverageRecorded':
    case 'TrackPolicySet':
    case 'InpatientStayRecorded':
    case 'OtherServiceRecorded':
    case 'OtherPractitionerClaimRecorded':
    case 'ClaimSubmitted':
    case 'RpmEnrolled':
    case 'RpmDevicePeriodRecorded':
    case 'RpmEnded':
    case 'ApcmAttestationRecorded':
    case 'RtmEnrolled':
    case 'RtmDevicePeriodRecorded':
    case 'RtmEnded':
    case 'BehavioralHealthServiceRecorded':
    case 'ClaimLinesAttempted': {
      const recorded = evolveBillingFacts(base.billingFacts, event, envelope.revision);
      return { ledger: { ...base, billingFacts: recorded.facts }, change: from(recorded.from) };
    }
    case 'DesignatedCareTeamMemberAssigned':
    case 'DesignatedCareTeamMemberChanged':
      return {
        ledger: { ...base, designations: evolveDesignations(base.designations, envelope) },
        change: from(event.data.effectiveOn),
      };
    default:
      // Time entries and contacts change a month's activity only; unknown types change nothing.
      return { ledger: base, change: undefined };
  }
}

/**
 * Adds months to the ledger's documented range. From the enrolment month on, the range has no holes (a
 * month between two active months gets its document even when nothing happened in it); a month before
 * enrolment is added alone, only when something is dated in it.
 */
export function withMonths(ledger: PatientLedger, candidates: readonly string[]): PatientLedger {
  const enrolled = ledger.enrolledOn.slice(0, 7);
  const months = new Set(ledger.months);
  const lastFromEnrolment =
    [...months]
      .filter((m) => m >= enrolled)
      .sort()
      .pop() ?? enrolled;
  for (const candidate of candidates) {
    if (candidate < enrolled) months.add(candidate);
    else for (const m of monthRange(lastFromEnrolment, candidate)) months.add(m);
  }
  if (months.size === ledger.months.length) return ledger;
  return { ...ledger, months: [...months].sort() };
}

/**
 * Whether `GET /billing/months/{month}` lists the patient: a month the projection documents (from the
 * enrolment month on without holes, and a month before it only when something is dated in it), or a
 * month after the last documented one, whose line the query derives from the ledger. A patient enrolled
 * after the month, with nothing dated in it, is not listed (the export follows the same rule).
 */
export function billingMonthListsPatient(ledger: Pick<PatientLedger, 'months'>, month: string): boolean {
  const last = ledger.months[ledger.months.length - 1];
  return ledger.months.includes(month) || (last !== undefined && month > last);
}
