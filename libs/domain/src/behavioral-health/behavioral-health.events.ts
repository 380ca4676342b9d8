/**
 * APCM-8: the behavioural-health services an APCM add-on (G0568-G0570) can bill. Only `general_BHI`
 * (G0570) has a code in the rules; the facts format reserves the others, so they are not recordable yet.
 */
/** general_BHI bills the G0570 add-on; the others are recorded as furnished and bill no add-on here (APCM-8). */
export const BEHAVIORAL_HEALTH_SERVICES = ['general_BHI', 'psychiatric_CoCM', 'other'] as const;
export type BehavioralHealthService = (typeof BEHAVIORAL_HEALTH_SERVICES)[number];

/** At most this many documented activities per service month. */
export const MAX_BH_ACTIVITIES = 20;

export type BehavioralHealthEvent = {
  /**
   * APCM-8: behavioural-health integration furnished in a month under a practitioner, with the activities
   * documented. The service id is the idempotency key; for a month the last one recorded is the month's.
   */
  readonly type: 'BehavioralHealthServiceRecorded';
  readonly data: {
    readonly serviceId: string;
    readonly serviceMonth: string;
    readonly service: BehavioralHealthService;
    readonly furnishedUnderPractitioner: string;
    readonly activitiesDocumented: readonly string[];
    readonly recordedBy: string;
  };
};
