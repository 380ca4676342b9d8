import { copying, type Updates } from '../shared/updates';
import { isBillingPractitioner, isOnRoster } from '../practice/practice';
import { todayOf, type DecisionContext } from '../patient/decision-context';
import type { EnrolledPatient, PatientState } from '../patient/patient-state';
import { accept, refuse, refuseInvalidDates, type Decision } from '../shared/decision';
import { isId } from '../shared/ids';
import { isLocalDate, type LocalDate } from '../shared/local-time';
import { PersistentMap } from '../shared/persistent-map';
import type { ChronicCondition, EnrollmentEvent, PcmConditionAttestation } from './enrollment.events';

/** `attestedOn` defaults to today; an earlier date records an attestation documented late (ELIG-2). */
export type ConditionInput = Omit<ChronicCondition, 'attestedBy' | 'attestedOn'> & {
  readonly attestedOn?: LocalDate;
};

export type EnrollmentCommand =
  | {
      readonly type: 'EnrollPatient';
      readonly data: {
        readonly patientId: string;
        readonly dateOfBirth: LocalDate;
        readonly billingPractitionerId: string;
        readonly conditions: readonly ConditionInput[];
        readonly careTeam: readonly string[];
        /** When the patient was enrolled, if recorded later; today by default. */
        readonly enrolledOn?: LocalDate;
      };
    }
  | { readonly type: 'AddCondition'; readonly data: { readonly condition: ConditionInput } }
  | {
      readonly type: 'ResolveCondition';
      readonly data: { readonly icd10: string; readonly resolvedOn: LocalDate; readonly reason: string };
    }
  | {
      readonly type: 'AttestPcmCondition';
      readonly data: Omit<PcmConditionAttestation, 'attestedBy'>;
    }
  | {
      readonly type: 'ChangeBillingPractitioner';
      readonly data: { readonly to: string; readonly effectiveOn: LocalDate; readonly reason: string };
    };

/** ICD-10-CM: a letter, two characters, then optionally a dot and up to four more. */
const ICD10 = /^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

function attest(condition: ConditionInput, context: DecisionContext): ChronicCondition {
  return {
    ...condition,
    icd10: condition.icd10.toUpperCase(),
    attestedBy: context.actorId,
    attestedOn: condition.attestedOn ?? todayOf(context),
  };
}

/** Attestation dates that are not real dates between birth and today, as field paths under `prefix`. */
function badAttestations(
  conditions: readonly ConditionInput[],
  context: DecisionContext,
  dateOfBirth: LocalDate,
  prefix: (i: number) => string,
): string[] {
  return conditions.flatMap((c, i) =>
    c.attestedOn !== undefined &&
    (!isLocalDate(c.attestedOn) || c.attestedOn > todayOf(context) || c.attestedOn < dateOfBirth)
      ? [`${prefix(i)}.attestedOn`]
      : [],
  );
}

const activeConditions = (state: EnrolledPatient) =>
  state.conditions.filter((c) => c.resolvedOn === undefined);

export function decideEnrollment(
  command: EnrollmentCommand,
  state: PatientState,
  context: DecisionContext,
): Decision<EnrollmentEvent> {
  if (command.type === 'EnrollPatient') {
    if (state.status === 'enrolled') {
      return refuse('PATIENT_ALREADY_ENROLLED', 'This patient is already enrolled in this practice.');
    }
    const { data } = command;
    const fields: string[] = [];
    if (!isId(data.patientId)) fields.push('patientId');
    if (!isLocalDate(data.dateOfBirth) || data.dateOfBirth > todayOf(context)) fields.push('dateOfBirth');
    if (
      data.enrolledOn !== undefined &&
      (!isLocalDate(data.enrolledOn) || data.enrolledOn > todayOf(context))
    ) {
      fields.push('enrolledOn');
    }
    fields.push(...badAttestations(data.conditions, context, data.dateOfBirth, (i) => `conditions[${i}]`));
    data.conditions.forEach((c, i) => {
      if (!ICD10.test(c.icd10.toUpperCase())) fields.push(`conditions[${i}].icd10`);
    });
    const codes = data.conditions.map((c) => c.icd10.toUpperCase());
    if (new Set(codes).size !== codes.length) fields.push('conditions (duplicate ICD-10 code)');
    if (fields.length > 0)
      return refuse('ENROLLMENT_INVALID', 'The enrolment cannot be true as given.', { fields });
    if (!isBillingPractitioner(context.practice, data.billingPractitionerId)) {
      return refuse(
        'BILLING_PRACTITIONER_NOT_ON_ROSTER',
        'The billing practitioner is not on the practice roster.',
      );
    }
    const strangers = data.careTeam.filter((id) => !isOnRoster(context.practice, id));
    if (strangers.length > 0) {
      return refuse('CARE_TEAM_MEMBER_NOT_ON_ROSTER', 'Care team members must be on the practice roster.', {
        members: strangers,
      });
    }
    return accept({
      type: 'PatientEnrolled',
      data: {
        patientId: data.patientId,
        practiceId: context.practice.practiceId,
        dateOfBirth: data.dateOfBirth,
        billingPractitionerId: data.billingPractitionerId,
        conditions: data.conditions.map((c) => attest(c, context)),
        careTeam: [...new Set(data.careTeam)],
        enrolledOn: data.enrolledOn ?? todayOf(context),
      },
    });
  }

  if (state.status !== 'enrolled') return refuse('PATIENT_NOT_FOUND', 'No such patient in this practice.');

  switch (command.type) {
    case 'AddCondition': {
      const icd10 = command.data.condition.icd10.toUpperCase();
      if (!ICD10.test(icd10))
        return refuse('CONDITION_INVALID', 'Not an ICD-10 code.', { fields: ['icd10'] });
      if (activeConditions(state).some((c) => c.icd10 === icd10)) {
        return refuse('CONDITION_ALREADY_ACTIVE', 'This condition is already on the active list.');
      }
      const badDate = badAttestations(
        [command.data.condition],
        context,
        state.dateOfBirth,
        () => 'condition',
      );
      if (badDate.length > 0)
        return refuse('DATE_INVALID', 'Not a real date between the date of birth and today.', {
          fields: badDate,
        });
      return accept({ type: 'ConditionAdded', data: { condition: attest(command.data.condition, context) } });
    }
    case 'ResolveCondition': {
      const icd10 = command.data.icd10.toUpperCase();
      if (!activeConditions(state).some((c) => c.icd10 === icd10)) {
        return refuse('CONDITION_NOT_ACTIVE', 'This condition is not on the active list.');
      }
      const badDate = refuseInvalidDates<EnrollmentEvent>(
        { resolvedOn: command.data.resolvedOn },
        isLocalDate,
      );
      if (badDate) return badDate;
      if (command.data.resolvedOn > todayOf(context)) {
        return refuse('OCCURS_IN_FUTURE', 'A condition cannot be resolved in the future.', {
          fields: ['resolvedOn'],
        });
      }
      return accept({
        type: 'ConditionResolved',
        data: {
          icd10,
          resolvedOn: command.data.resolvedOn,
          reason: command.data.reason,
          resolvedBy: context.actorId,
        },
      });
    }
    case 'AttestPcmCondition': {
      const { data } = command;
      const icd10 = data.icd10.toUpperCase();
      const fields: string[] = [];
      if (
        !isLocalDate(data.attestedOn) ||
        data.attestedOn > todayOf(context) ||
        data.attestedOn < state.dateOfBirth
      )
        fields.push('attestedOn');
      if (!Number.isInteger(data.expectedDurationMonthsAtLeast) || data.expectedDurationMonthsAtLeast < 0)
        fields.push('expectedDurationMonthsAtLeast');
      if (fields.length > 0)
        return refuse('DATE_INVALID', 'The attestation cannot be true as given.', { fields });
      if (!activeConditions(state).some((c) => c.icd10 === icd10)) {
        return refuse('CONDITION_NOT_ACTIVE', 'This condition is not on the active list.', {
          fields: ['icd10'],
        });
      }
      return accept({
        type: 'PcmConditionAttested',
        data: { ...data, icd10, attestedBy: context.actorId },
      });
    }
    case 'ChangeBillingPractitioner': {
      const badDate = refuseInvalidDates<EnrollmentEvent>(
        { effectiveOn: command.data.effectiveOn },
        isLocalDate,
      );
      if (badDate) return badDate;
      if (!isBillingPractitioner(context.practice, command.data.to)) {
        return refuse(
          'BILLING_PRACTITIONER_NOT_ON_ROSTER',
          'The billing practitioner is not on the practice roster.',
        );
      }
      if (command.data.to === state.billingPractitionerId) {
        return refuse('BILLING_PRACTITIONER_UNCHANGED', 'This is already the billing practitioner.');
      }
      return accept({
        type: 'BillingPractitionerChanged',
        data: {
          from: state.billingPractitionerId,
          to: command.data.to,
          effectiveOn: command.data.effectiveOn,
          reason: command.data.reason,
        },
      });
    }
  }
}

export function evolveEnrollment(
  state: PatientState,
  event: EnrollmentEvent,
  updates: Updates = copying,
): PatientState {
  if (event.type === 'PatientEnrolled') {
    return {
      status: 'enrolled',
      version: state.version,
      patientId: event.data.patientId,
      practiceId: event.data.practiceId,
      dateOfBirth: event.data.dateOfBirth,
      billingPractitionerId: event.data.billingPractitionerId,
      careTeam: event.data.careTeam,
      enrolledOn: event.data.enrolledOn,
      conditions: event.data.conditions,
      consents: [],
      initiatingVisits: [],
      idempotencyKeys: PersistentMap.empty(),
      inpatientStays: {},
      submittedClaims: {},
      timeEntries: PersistentMap.empty(),
    };
  }
  if (state.status !== 'enrolled') return state;
  switch (event.type) {
    case 'ConditionAdded':
      return { ...state, conditions: updates.append(state.conditions, event.data.condition) };
    case 'ConditionResolved':
      return {
        ...state,

        conditions: state.conditions.map((c) =>
          c.icd10 === event.data.icd10 && c.resolvedOn === undefined
            ? { ...c, resolvedOn: event.data.resolvedOn }
            : c,
        ),
      };
    case 'BillingPractitionerChanged':
      return { ...state, billingPractitionerId: event.data.to };
    case 'PcmConditionAttested':
      // Billing reads the attestation (PCM-1); no later decision depends on it.
      return state;
  }
}
