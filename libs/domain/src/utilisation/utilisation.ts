import { decideBillingFacts } from '../billing-facts/billing-facts';
import type { BillingFactsEvent } from '../billing-facts/billing-facts.events';
import type { DecisionContext } from '../patient/decision-context';
import { todayOf } from '../patient/decision-context';
import { checkIdempotencyKey, rememberIdempotencyKey } from '../patient/idempotency';
import type { EnrolledPatient } from '../patient/patient-state';
import { accept, refuse, refuseInvalidDates, type Decision } from '../shared/decision';
import { isLocalDate, type LocalDate } from '../shared/local-time';
import type { UtilisationEvent } from './utilisation.events';

/** ICD-10-CM: a letter (not U), two characters, then an optional dot and up to four more. */
export const ICD10_CODE = /^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

export type UtilisationCommand =
  | {
      readonly type: 'RecordEmergencyVisit';
      readonly data: Omit<
        Extract<UtilisationEvent, { type: 'EmergencyVisitRecorded' }>['data'],
        'recordedBy'
      >;
    }
  | {
      /** Completes an open stay: recorded as the stay again, with its discharge date (what billing reads). */
      readonly type: 'RecordHospitalDischarge';
      readonly data: { readonly stayId: string; readonly discharge: LocalDate };
    };

/** An emergency visit, or the stay recorded again with its discharge. */
type Result = Decision<UtilisationEvent | BillingFactsEvent>;

export function decideUtilisation(
  command: UtilisationCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Result {
  switch (command.type) {
    case 'RecordEmergencyVisit': {
      const { reasonCode, ...visit } = command.data;
      const data = {
        ...visit,
        facility: visit.facility.trim(),
        ...(reasonCode !== undefined ? { reasonCode: reasonCode.toUpperCase() } : {}),
        recordedBy: context.actorId,
      };
      const replay = checkIdempotencyKey<UtilisationEvent>(
        state,
        `ed-visit:${data.visitId}`,
        data,
        'EMERGENCY_VISIT_ID_REUSED',
      );
      if (replay) return replay;
      const bad = refuseInvalidDates<UtilisationEvent>({ visitDate: data.visitDate }, isLocalDate);
      if (bad) return bad;
      if (data.visitDate > todayOf(context)) {
        return refuse('OCCURS_IN_FUTURE', 'A visit is recorded once it has happened.', {
          fields: ['visitDate'],
        });
      }
      if (data.facility === '') {
        return refuse('FACILITY_MISSING', 'An emergency visit names its facility.', { fields: ['facility'] });
      }
      if (data.reasonCode !== undefined && !ICD10_CODE.test(data.reasonCode)) {
        return refuse('REASON_CODE_INVALID', 'Not an ICD-10-CM code.', { fields: ['reasonCode'] });
      }
      return accept({ type: 'EmergencyVisitRecorded', data });
    }
    case 'RecordHospitalDischarge': {
      const { stayId, discharge } = command.data;
      const stay = state.inpatientStays[stayId];
      if (!stay) return refuse('STAY_NOT_FOUND', 'No stay with this id is recorded.', { key: stayId });
      if (stay.discharge !== null && stay.discharge !== discharge) {
        return refuse('STAY_ALREADY_DISCHARGED', 'This stay already has another discharge date.', {
          fields: ['discharge'],
        });
      }
      // The stay's own rules decide: a discharge before the admission or after today is refused, a repeat
      // of the recorded discharge is already applied.
      return decideBillingFacts(
        { type: 'RecordInpatientStay', data: { ...stay, discharge } },
        state,
        context,
      );
    }
  }
}

export function evolveUtilisation(state: EnrolledPatient, event: UtilisationEvent): EnrolledPatient {
  return {
    ...state,
    idempotencyKeys: rememberIdempotencyKey(state, `ed-visit:${event.data.visitId}`, event.data),
  };
}
