import { copying, type Updates } from '../shared/updates';
import type { DecisionContext } from '../patient/decision-context';
import { checkIdempotencyKey, rememberIdempotencyKey } from '../patient/idempotency';
import type { EnrolledPatient } from '../patient/patient-state';
import { accept, refuse, refuseInvalidDates, type Decision } from '../shared/decision';
import { isLocalDate, isLocalMonth } from '../shared/local-time';
import { fingerprintOf } from '../patient/idempotency';
import { isBillingPractitioner } from '../practice/practice';
import type { BillingFactsEvent, MdmLevel, PayerType, Track } from './billing-facts.events';

export type BillingFactsCommand =
  | {
      readonly type: 'RecordMedicalDecisionMaking';
      readonly data: {
        readonly serviceMonth: string;
        readonly level: MdmLevel;
        readonly practitionerId: string;
      };
    }
  | {
      readonly type: 'RecordPayerCoverage';
      readonly data: {
        readonly fromMonth: string;
        readonly payerType: PayerType;
        readonly qmb: boolean;
        readonly medicaid?: string;
      };
    }
  | {
      readonly type: 'SetTrackPolicy';
      readonly data: {
        readonly fromMonth: string;
        readonly preferred: Track;
        readonly fallback: Track | null;
        readonly reason: string;
      };
    }
  | {
      readonly type: 'RecordInpatientStay';
      readonly data: Extract<BillingFactsEvent, { type: 'InpatientStayRecorded' }>['data'];
    }
  | {
      readonly type: 'RecordOtherService';
      readonly data: Extract<BillingFactsEvent, { type: 'OtherServiceRecorded' }>['data'];
    }
  | {
      readonly type: 'RecordOtherPractitionerClaim';
      readonly data: Extract<BillingFactsEvent, { type: 'OtherPractitionerClaimRecorded' }>['data'];
    };

/** A CPT (five digits) or HCPCS level II (a letter and four digits) code. */
export const PROCEDURE_CODE = /^([0-9]{5}|[A-Z][0-9]{4})$/;

const monthRefusal = (fields: Record<string, string>): Decision<BillingFactsEvent> | undefined => {
  const bad = Object.entries(fields)
    .filter(([, v]) => !isLocalMonth(v))
    .map(([k]) => k);
  return bad.length ? refuse('DATE_INVALID', 'Not a month YYYY-MM.', { fields: bad }) : undefined;
};

const monthOfToday = (context: DecisionContext): string => context.nowLocal.slice(0, 7);

export function decideBillingFacts(
  command: BillingFactsCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Decision<BillingFactsEvent> {
  switch (command.type) {
    case 'RecordMedicalDecisionMaking': {
      const bad = monthRefusal({ serviceMonth: command.data.serviceMonth });
      if (bad) return bad;
      if (command.data.serviceMonth > monthOfToday(context)) {
        return refuse('OCCURS_IN_FUTURE', 'Decision making is recorded for a month that has begun.', {
          fields: ['serviceMonth'],
        });
      }
      if (!isBillingPractitioner(context.practice, command.data.practitionerId)) {
        return refuse('BILLING_PRACTITIONER_NOT_ON_ROSTER', 'MDM is the billing practitioner’s (CODE-3).', {
          fields: ['practitionerId'],
        });
      }
      return accept({ type: 'MedicalDecisionMakingRecorded', data: command.data });
    }
    case 'RecordPayerCoverage':
      return (
        monthRefusal({ fromMonth: command.data.fromMonth }) ??
        accept({ type: 'PayerCoverageRecorded', data: command.data })
      );
    case 'SetTrackPolicy':
      if (command.data.fallback === command.data.preferred) {
        return refuse('TRACK_POLICY_INVALID', 'The fallback track differs from the preferred one.', {
          fields: ['fallback'],
        });
      }
      return (
        monthRefusal({ fromMonth: command.data.fromMonth }) ??
        accept({ type: 'TrackPolicySet', data: command.data })
      );
    case 'RecordInpatientStay': {
      const { data } = command;
      const earlier = state.inpatientStays[data.stayId];
      if (earlier) {
        if (fingerprintOf(earlier) === fingerprintOf(data)) {
          return {
            outcome: 'already_applied',
            atRevision: state.idempotencyKeys.get(`stay:${data.stayId}`)?.atRevision ?? state.version - 1,
          };
        }
        // The one change a stay may see: the discharge of a patient recorded as still in.
        const discharging =
          earlier.discharge === null &&
          data.discharge !== null &&
          earlier.admit === data.admit &&
          earlier.stayType === data.stayType;
        if (!discharging)
          return refuse('STAY_ID_REUSED', 'This stay id was already used for a different stay.', {
            key: data.stayId,
          });
      }
      const bad = refuseInvalidDates<BillingFactsEvent>(
        { admit: data.admit, ...(data.discharge ? { discharge: data.discharge } : {}) },
        isLocalDate,
      );
      if (bad) return bad;
      if (data.discharge !== null && data.discharge < data.admit) {
        return refuse('STAY_DATES_INVALID', 'Discharge cannot precede admission.', { fields: ['discharge'] });
      }
      const today = context.nowLocal.slice(0, 10);
      if (data.admit > today || (data.discharge !== null && data.discharge > today)) {
        return refuse('OCCURS_IN_FUTURE', 'A stay is recorded once it has begun.', {
          fields: ['admit', 'discharge'],
        });
      }
      return accept({ type: 'InpatientStayRecorded', data });
    }
    case 'RecordOtherService': {
      const { data } = command;
      const code = data.code.toUpperCase();
      const replay = checkIdempotencyKey<BillingFactsEvent>(
        state,
        `service:${data.serviceId}`,
        { ...data, code },
        'SERVICE_ID_REUSED',
      );
      if (replay) return replay;
      const bad = refuseInvalidDates<BillingFactsEvent>({ date: data.date }, isLocalDate);
      if (bad) return bad;
      if (!PROCEDURE_CODE.test(code))
        return refuse('PROCEDURE_CODE_INVALID', 'Not a CPT or HCPCS code.', { fields: ['code'] });
      return accept({ type: 'OtherServiceRecorded', data: { ...data, code } });
    }
    case 'RecordOtherPractitionerClaim': {
      const { data } = command;
      const code = data.code.toUpperCase();
      const replay = checkIdempotencyKey<BillingFactsEvent>(
        state,
        `claim:${data.claimId}`,
        { ...data, code },
        'CLAIM_ID_REUSED',
      );
      if (replay) return replay;
      const bad = monthRefusal({ serviceMonth: data.serviceMonth });
      if (bad) return bad;
      if (!PROCEDURE_CODE.test(code))
        return refuse('PROCEDURE_CODE_INVALID', 'Not a CPT or HCPCS code.', { fields: ['code'] });
      return accept({ type: 'OtherPractitionerClaimRecorded', data: { ...data, code } });
    }
  }
}

/** The billing facts are read by projections and billing; the decider keeps only idempotency keys. */
export function evolveBillingFacts(
  state: EnrolledPatient,
  event: BillingFactsEvent,
  updates: Updates = copying,
): EnrolledPatient {
  switch (event.type) {
    case 'InpatientStayRecorded':
      return {
        ...state,
        idempotencyKeys: rememberIdempotencyKey(state, `stay:${event.data.stayId}`, event.data),
        inpatientStays: updates.put(state.inpatientStays, event.data.stayId, event.data),
      };
    case 'OtherServiceRecorded':
      return {
        ...state,
        idempotencyKeys: rememberIdempotencyKey(state, `service:${event.data.serviceId}`, event.data),
      };
    case 'OtherPractitionerClaimRecorded':
      return {
        ...state,
        idempotencyKeys: rememberIdempotencyKey(state, `claim:${event.data.claimId}`, event.data),
      };
    default:
      return state;
  }
}
