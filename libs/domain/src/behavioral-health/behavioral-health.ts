import type { DecisionContext } from '../patient/decision-context';
import { todayOf } from '../patient/decision-context';
import { checkIdempotencyKey, rememberIdempotencyKey } from '../patient/idempotency';
import type { EnrolledPatient } from '../patient/patient-state';
import { performerRoleOf } from '../practice/practice';
import { accept, refuse, type Decision } from '../shared/decision';
import { isLocalMonth } from '../shared/local-time';
import {
  BEHAVIORAL_HEALTH_SERVICES,
  MAX_BH_ACTIVITIES,
  type BehavioralHealthEvent,
  type BehavioralHealthService,
} from './behavioral-health.events';

export type BehavioralHealthCommand = {
  readonly type: 'RecordBehavioralHealthService';
  readonly data: {
    readonly serviceId: string;
    readonly serviceMonth: string;
    readonly service: BehavioralHealthService;
    readonly furnishedUnderPractitioner: string;
    readonly activitiesDocumented: readonly string[];
  };
};

const MAX_ACTIVITY_LENGTH = 500;

const keyOf = (serviceId: string): string => `bh-service:${serviceId}`;

export function decideBehavioralHealth(
  command: BehavioralHealthCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Decision<BehavioralHealthEvent> {
  const { data } = command;
  const replay = checkIdempotencyKey<BehavioralHealthEvent>(
    state,
    keyOf(data.serviceId),
    data,
    'BH_SERVICE_ID_REUSED',
  );
  if (replay) return replay;
  if (!isLocalMonth(data.serviceMonth)) {
    return refuse('DATE_INVALID', 'Not a month YYYY-MM.', { fields: ['serviceMonth'] });
  }
  if (!(BEHAVIORAL_HEALTH_SERVICES as readonly string[]).includes(data.service)) {
    return refuse('BH_SERVICE_INVALID', 'Not a behavioural-health service with a code (APCM-8).', {
      fields: ['service'],
    });
  }
  const activities = data.activitiesDocumented;
  if (
    activities.length > MAX_BH_ACTIVITIES ||
    activities.some((a) => a.trim() === '' || a.length > MAX_ACTIVITY_LENGTH)
  ) {
    return refuse(
      'BH_ACTIVITIES_INVALID',
      `Document at most ${MAX_BH_ACTIVITIES} activities, none empty (APCM-8).`,
      { fields: ['activitiesDocumented'] },
    );
  }
  if (performerRoleOf(context.practice, data.furnishedUnderPractitioner) !== 'physician_qhp') {
    return refuse(
      'PRACTITIONER_NOT_ON_ROSTER',
      'Behavioural health is furnished under a practitioner on the practice roster (APCM-8).',
      { fields: ['furnishedUnderPractitioner'] },
    );
  }
  if (data.serviceMonth > todayOf(context).slice(0, 7)) {
    return refuse('OCCURS_IN_FUTURE', 'A service is recorded for a month that has begun.', {
      fields: ['serviceMonth'],
    });
  }
  return accept({
    type: 'BehavioralHealthServiceRecorded',
    data: { ...data, activitiesDocumented: [...activities], recordedBy: context.actorId },
  });
}

/** The facts are read by billing; the decider keeps only the service ids, to recognise a re-sent one. */
export function evolveBehavioralHealth(
  state: EnrolledPatient,
  event: BehavioralHealthEvent,
): EnrolledPatient {
  return {
    ...state,
    idempotencyKeys: rememberIdempotencyKey(state, keyOf(event.data.serviceId), event.data),
  };
}
