import { copying, type Updates } from '../shared/updates';
import { performerRoleOf } from '../practice/practice';
import { todayOf, type DecisionContext } from '../patient/decision-context';
import type { CarePlanState, EnrolledPatient } from '../patient/patient-state';
import { accept, refuse, refuseInvalidDates, type Decision } from '../shared/decision';
import { isLocalDate, type LocalDate } from '../shared/local-time';
import {
  REQUIRED_CARE_PLAN_ELEMENTS,
  type CarePlanElements,
  type CarePlanEvent,
  type CarePlanReviewActivity,
  type CarePlanType,
  type ShareMethod,
} from './care-plan.events';

export type CarePlanCommand =
  | {
      readonly type: 'CreateCarePlan';
      readonly data: {
        readonly planType: CarePlanType;
        readonly focusCondition?: string;
        readonly elements: CarePlanElements;
        readonly signedOffBy?: string;
        readonly establishedOn: LocalDate;
        /** PLAN-4: true (the default) when the plan is kept in this electronic record. */
        readonly electronic?: boolean;
      };
    }
  | {
      readonly type: 'ReviewCarePlan';
      readonly data: { readonly reviewedOn: LocalDate; readonly activity: CarePlanReviewActivity };
    }
  | {
      readonly type: 'ReviseCarePlan';
      readonly data: {
        readonly changes: CarePlanElements;
        readonly changeSummary: string;
        readonly substantial: boolean;
        readonly signedOffBy?: string;
        readonly revisedOn: LocalDate;
      };
    }
  | {
      readonly type: 'ShareCarePlan';
      readonly data: {
        readonly version?: number;
        readonly recipient: 'patient' | 'caregiver';
        readonly method: ShareMethod;
        readonly sharedOn: LocalDate;
      };
    };

function isPresent(value: CarePlanElements[keyof CarePlanElements]): boolean {
  if (value === undefined) return false;
  if (typeof value === 'string') return value.trim().length > 0;
  return value.length > 0;
}

export function missingElements(elements: CarePlanElements): (keyof CarePlanElements)[] {
  const missing = REQUIRED_CARE_PLAN_ELEMENTS.filter((name) => !isPresent(elements[name]));
  if (
    elements.plannedInterventions?.some((i) => i.responsible.trim() === '' || i.description.trim() === '')
  ) {
    missing.push('plannedInterventions');
  }
  return [...new Set(missing)];
}

function checkSignOff(
  signedOffBy: string | undefined,
  context: DecisionContext,
): Decision<CarePlanEvent> | undefined {
  if (signedOffBy !== undefined && performerRoleOf(context.practice, signedOffBy) !== 'physician_qhp') {
    return refuse(
      'PRACTITIONER_NOT_ON_ROSTER',
      'Care plans are signed off by a practitioner on the roster (PLAN-5).',
      {
        fields: ['signedOffBy'],
      },
    );
  }
  return undefined;
}

export function decideCarePlan(
  command: CarePlanCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Decision<CarePlanEvent> {
  switch (command.type) {
    case 'CreateCarePlan': {
      const { data } = command;
      if (state.carePlan)
        return refuse('CARE_PLAN_EXISTS', 'The patient has a care plan: revise it instead.');
      const missing = missingElements(data.elements);
      if (missing.length > 0) {
        return refuse('CARE_PLAN_ELEMENTS_MISSING', 'The care plan lacks required elements (PLAN-2).', {
          missing,
        });
      }
      if (data.planType === 'disease_specific') {
        const focus = data.focusCondition?.toUpperCase();
        if (!focus || !state.conditions.some((c) => c.icd10 === focus && c.resolvedOn === undefined)) {
          return refuse(
            'FOCUS_CONDITION_REQUIRED',
            'A disease-specific plan names one of the patient’s active conditions (PCM-1).',
            {
              fields: ['focusCondition'],
            },
          );
        }
      }
      const badDate = refuseInvalidDates<CarePlanEvent>({ establishedOn: data.establishedOn }, isLocalDate);
      if (badDate) return badDate;
      if (data.establishedOn > todayOf(context)) {
        return refuse('OCCURS_IN_FUTURE', 'A care plan cannot be established in the future.', {
          fields: ['establishedOn'],
        });
      }
      const signOff = checkSignOff(data.signedOffBy, context);
      if (signOff) return signOff;
      return accept({
        type: 'CarePlanCreated',
        data: {
          version: 1,
          planType: data.planType,
          ...(data.focusCondition ? { focusCondition: data.focusCondition.toUpperCase() } : {}),
          elements: data.elements,
          authoredBy: context.actorId,
          signedOffBy: data.signedOffBy ?? null,
          establishedOn: data.establishedOn,
          ...(data.electronic === false ? { electronic: false as const } : {}),
        },
      });
    }
    case 'ReviseCarePlan': {
      const plan = state.carePlan;
      if (!plan) return refuse('CARE_PLAN_NOT_FOUND', 'The patient has no care plan to revise.');
      const { data } = command;
      if (Object.values(data.changes).every((v) => v === undefined)) {
        return refuse('CARE_PLAN_REVISION_EMPTY', 'A revision changes at least one element.', {
          fields: ['changes'],
        });
      }
      const missing = missingElements({ ...plan.elements, ...data.changes });
      if (missing.length > 0) {
        return refuse(
          'CARE_PLAN_ELEMENTS_MISSING',
          'The revised care plan would lack required elements (PLAN-2).',
          {
            missing,
          },
        );
      }
      const badDate = refuseInvalidDates<CarePlanEvent>({ revisedOn: data.revisedOn }, isLocalDate);
      if (badDate) return badDate;
      if (data.revisedOn > todayOf(context) || data.revisedOn < plan.establishedOn) {
        return refuse(
          'REVISION_DATE_INVALID',
          'A revision falls between the plan’s establishment and today.',
          {
            fields: ['revisedOn'],
          },
        );
      }
      const signOff = checkSignOff(data.signedOffBy, context);
      if (signOff) return signOff;
      return accept({
        type: 'CarePlanRevised',
        data: {
          version: plan.version + 1,
          changes: data.changes,
          changeSummary: data.changeSummary,
          substantial: data.substantial,
          revisedBy: context.actorId,
          signedOffBy: data.signedOffBy ?? null,
          revisedOn: data.revisedOn,
        },
      });
    }
    case 'ReviewCarePlan': {
      const plan = state.carePlan;
      if (!plan) return refuse('CARE_PLAN_NOT_FOUND', 'The patient has no care plan to review.');
      const { reviewedOn, activity } = command.data;
      const badDate = refuseInvalidDates<CarePlanEvent>({ reviewedOn }, isLocalDate);
      if (badDate) return badDate;
      if (reviewedOn > todayOf(context) || reviewedOn < plan.establishedOn) {
        return refuse('REVIEW_DATE_INVALID', 'A review falls between the plan’s establishment and today.', {
          fields: ['reviewedOn'],
        });
      }
      return accept({
        type: 'CarePlanReviewed',
        data: { reviewedOn, activity, reviewedBy: context.actorId },
      });
    }
    case 'ShareCarePlan': {
      const plan = state.carePlan;
      if (!plan) return refuse('CARE_PLAN_NOT_FOUND', 'The patient has no care plan to share.');
      const version = command.data.version ?? plan.version;
      if (version < 1 || version > plan.version) {
        return refuse('CARE_PLAN_VERSION_NOT_FOUND', 'No such care plan version.', { fields: ['version'] });
      }
      const badDate = refuseInvalidDates<CarePlanEvent>({ sharedOn: command.data.sharedOn }, isLocalDate);
      if (badDate) return badDate;
      if (command.data.sharedOn > todayOf(context)) {
        return refuse('OCCURS_IN_FUTURE', 'A plan cannot be shared in the future.', { fields: ['sharedOn'] });
      }
      return accept({
        type: 'CarePlanShared',
        data: { ...command.data, version, sharedBy: context.actorId },
      });
    }
  }
}

export function evolveCarePlan(
  state: EnrolledPatient,
  event: CarePlanEvent,
  updates: Updates = copying,
): EnrolledPatient {
  switch (event.type) {
    case 'CarePlanCreated': {
      const carePlan: CarePlanState = {
        version: 1,
        planType: event.data.planType,
        ...(event.data.focusCondition ? { focusCondition: event.data.focusCondition } : {}),
        elements: event.data.elements,
        signedOffBy: event.data.signedOffBy,
        establishedOn: event.data.establishedOn,
        shares: [],
      };
      return { ...state, carePlan };
    }
    case 'CarePlanRevised': {
      const plan = state.carePlan;
      if (!plan) return state;
      return {
        ...state,
        carePlan: {
          ...plan,
          version: event.data.version,
          elements: { ...plan.elements, ...event.data.changes },
          signedOffBy: event.data.signedOffBy ?? plan.signedOffBy,
          lastRevisedOn: event.data.revisedOn,
        },
      };
    }
    case 'CarePlanReviewed':
      // What a review establishes (the month's plan activity) is read by billing; the decider needs nothing.
      return state;
    case 'CarePlanShared': {
      const plan = state.carePlan;
      if (!plan) return state;
      const { version, recipient, method, sharedOn } = event.data;
      return {
        ...state,
        carePlan: { ...plan, shares: updates.append(plan.shares, { version, recipient, method, sharedOn }) },
      };
    }
  }
}
