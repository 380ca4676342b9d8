import type { LocalDate } from '@ccm/domain';
import type { PatientEventEnvelope } from './events/decode';
import { evolveExtraFacts, type ExtraFactEvent, type LedgerExtraFacts } from './extra-billing-facts';

/** Facts recorded for billing (billing-facts events); each month falls back to a documented default without them. */
export interface LedgerBillingFacts extends LedgerExtraFacts {
  /** Coverage from a month on, until the next record (in recording order for the same month). */
  readonly payers: readonly {
    readonly fromMonth: string;
    readonly payerType: string;
    readonly qmb: boolean;
    readonly medicaid: string | null;
  }[];
  readonly tracks: readonly {
    readonly fromMonth: string;
    readonly preferred: string;
    readonly fallback: string | null;
  }[];
  /** By service month: the level recorded last. */
  readonly mdm: Readonly<Record<string, { readonly level: string; readonly practitionerId: string }>>;
  readonly inpatientStays: Readonly<
    Record<
      string,
      { readonly stayType: string; readonly admit: LocalDate; readonly discharge: LocalDate | null }
    >
  >;
  readonly otherServices: Readonly<
    Record<
      string,
      {
        readonly code: string;
        readonly date: LocalDate;
        readonly practitionerId: string;
        readonly servicePeriod: string | null;
      }
    >
  >;
  readonly otherPractitionerClaims: Readonly<
    Record<
      string,
      {
        readonly practitionerId: string;
        readonly code: string;
        readonly serviceMonth: string;
        readonly status: string;
      }
    >
  >;
  /** CLAIM-4: months submitted for billing, with the codes claimed. */
  readonly submittedClaims: Readonly<
    Record<
      string,
      {
        readonly billingPractitionerId: string;
        readonly codes: readonly { readonly code: string; readonly units: number }[];
        readonly submittedBy: string;
        readonly revision: number;
      }
    >
  >;
  /**
   * RPM-4..6: RPM episodes in enrolment order (`endedOn` null while open). The RPM and APCM fields are
   * absent until the patient's first such event, so ledgers without them keep their stored form.
   */
  readonly rpmEpisodes?: readonly {
    readonly deviceType: string;
    readonly orderingPractitionerId: string;
    readonly enrolledOn: LocalDate;
    readonly consentDocumented: boolean;
    readonly establishedPatient: boolean;
    readonly endedOn: LocalDate | null;
  }[];
  /** RPM-1, RPM-2: 30-day device periods by id, the latest report of each. */
  readonly rpmPeriods?: Readonly<
    Record<
      string,
      { readonly start: LocalDate; readonly end: LocalDate; readonly daysWithTransmittedData: number }
    >
  >;
  /** APCM-2: attestations from a month on, in recording order (a later one for the same month wins). */
  readonly apcmAttestations?: readonly {
    readonly fromMonth: string;
    readonly practitionerId: string;
    readonly responsibleForAllPrimaryCare: boolean;
    readonly serviceElementsInPlace: boolean;
  }[];
}

export const NO_BILLING_FACTS: LedgerBillingFacts = {
  payers: [],
  tracks: [],
  mdm: {},
  inpatientStays: {},
  otherServices: {},
  otherPractitionerClaims: {},
  submittedClaims: {},
};

type BillingFactEvent = Extract<
  PatientEventEnvelope['event'],
  {
    type:
      | 'MedicalDecisionMakingRecorded'
      | 'PayerCoverageRecorded'
      | 'TrackPolicySet'
      | 'InpatientStayRecorded'
      | 'OtherServiceRecorded'
      | 'OtherPractitionerClaimRecorded'
      | 'ClaimSubmitted'
      | 'RpmEnrolled'
      | 'RpmDevicePeriodRecorded'
      | 'RpmEnded'
      | 'ApcmAttestationRecorded';
  }
>;

/** Pure: records one billing fact; `from` is the first month whose documents it can change. */
export function evolveBillingFacts(
  facts: LedgerBillingFacts,
  event: BillingFactEvent | ExtraFactEvent,
  revision: number,
): { facts: LedgerBillingFacts; from: string } {
  switch (event.type) {
    case 'MedicalDecisionMakingRecorded': {
      const d = event.data;
      return {
        facts: {
          ...facts,
          mdm: { ...facts.mdm, [d.serviceMonth]: { level: d.level, practitionerId: d.practitionerId } },
        },
        from: d.serviceMonth,
      };
    }
    case 'PayerCoverageRecorded': {
      const d = event.data;
      const payer = {
        fromMonth: d.fromMonth,
        payerType: d.payerType,
        qmb: d.qmb,
        medicaid: d.medicaid ?? null,
      };
      return { facts: { ...facts, payers: [...facts.payers, payer] }, from: d.fromMonth };
    }
    case 'TrackPolicySet': {
      const d = event.data;
      const track = { fromMonth: d.fromMonth, preferred: d.preferred, fallback: d.fallback };
      return { facts: { ...facts, tracks: [...facts.tracks, track] }, from: d.fromMonth };
    }
    case 'InpatientStayRecorded': {
      const d = event.data;
      const stay = { stayType: d.stayType, admit: d.admit, discharge: d.discharge };
      return {
        facts: { ...facts, inpatientStays: { ...facts.inpatientStays, [d.stayId]: stay } },
        from: d.admit,
      };
    }
    case 'OtherServiceRecorded': {
      const d = event.data;
      const service = {
        code: d.code,
        date: d.date,
        practitionerId: d.practitionerId,
        servicePeriod: d.servicePeriod ?? null,
      };
      return {
        facts: { ...facts, otherServices: { ...facts.otherServices, [d.serviceId]: service } },
        from: d.date,
      };
    }
    case 'OtherPractitionerClaimRecorded': {
      const { claimId, ...claim } = event.data;
      return {
        facts: { ...facts, otherPractitionerClaims: { ...facts.otherPractitionerClaims, [claimId]: claim } },
        from: claim.serviceMonth,
      };
    }
    case 'ClaimSubmitted': {
      const d = event.data;
      const claim = {
        billingPractitionerId: d.billingPractitionerId,
        codes: d.codes,
        submittedBy: d.submittedBy,
        revision,
      };
      return {
        facts: { ...facts, submittedClaims: { ...facts.submittedClaims, [d.serviceMonth]: claim } },
        from: d.serviceMonth,
      };
    }
    case 'RpmEnrolled': {
      const d = event.data;
      const episode = {
        deviceType: d.deviceType,
        orderingPractitionerId: d.orderingPractitionerId,
        enrolledOn: d.enrolledOn,
        consentDocumented: d.consentDocumented,
        establishedPatient: d.establishedPatient,
        endedOn: null,
      };
      return {
        facts: { ...facts, rpmEpisodes: [...(facts.rpmEpisodes ?? []), episode] },
        from: d.enrolledOn,
      };
    }
    case 'RpmDevicePeriodRecorded': {
      const { periodId, start, end, daysWithTransmittedData } = event.data;
      return {
        facts: {
          ...facts,
          rpmPeriods: { ...facts.rpmPeriods, [periodId]: { start, end, daysWithTransmittedData } },
        },
        from: start,
      };
    }
    case 'RpmEnded': {
      const episodes = facts.rpmEpisodes ?? [];
      const last = episodes.length - 1;
      return {
        facts: {
          ...facts,
          rpmEpisodes: episodes.map((e, i) =>
            i === last && e.endedOn === null ? { ...e, endedOn: event.data.endedOn } : e,
          ),
        },
        from: event.data.endedOn,
      };
    }
    case 'ApcmAttestationRecorded': {
      const { attestedBy: _attestedBy, ...attestation } = event.data;
      return {
        facts: { ...facts, apcmAttestations: [...(facts.apcmAttestations ?? []), attestation] },
        from: attestation.fromMonth,
      };
    }
    case 'RtmEnrolled':
    case 'RtmDevicePeriodRecorded':
    case 'RtmEnded':
    case 'BehavioralHealthServiceRecorded':
    case 'ClaimLinesAttempted':
      return evolveExtraFacts(facts, event);
  }
}

/** The record in force for a month among "from this month on" records: the latest month, then the latest recorded. */
export function inForce<T extends { readonly fromMonth: string }>(
  records: readonly T[],
  month: string,
): T | undefined {
  let best: T | undefined;
  for (const record of records)
    if (record.fromMonth <= month && (!best || record.fromMonth >= best.fromMonth)) best = record;
  return best;
}
