import type { AttemptedClaimLine, BehavioralHealth, Rtm } from '@ccm/billing';
import type { LocalDate } from '@ccm/domain';
import type { PatientEventEnvelope } from './events/decode';
import { firstDayOf, lastDayOf } from './calendar';

/**
 * RTM (RPM-4, EXCL-4), the APCM behavioural-health add-on (APCM-8) and attempted claim lines (SEL-6): the
 * ledger's record of them, and the blocks they give a month's billing facts. Every field is absent until
 * the patient's first such event, so ledgers without them keep their stored form.
 */
export interface LedgerExtraFacts {
  /** RTM episodes in enrolment order (`endedOn` null while open). */
  readonly rtmEpisodes?: readonly {
    readonly orderingPractitionerId: string;
    readonly deviceType: string | null;
    readonly enrolledOn: LocalDate;
    readonly endedOn: LocalDate | null;
  }[];
  /** RTM device periods by id, the latest report of each. */
  readonly rtmPeriods?: Readonly<
    Record<
      string,
      { readonly start: LocalDate; readonly end: LocalDate; readonly daysWithTransmittedData: number }
    >
  >;
  /** APCM-8: by service month, the behavioural-health service recorded last for it. */
  readonly behavioralHealth?: Readonly<
    Record<
      string,
      {
        readonly service: string;
        readonly furnishedUnderPractitioner: string;
        readonly activitiesDocumented: readonly string[];
      }
    >
  >;
  /** SEL-6: by service month, the lines of every attempt recorded for it, in recording order. */
  readonly attemptedClaimLines?: Readonly<
    Record<string, readonly { readonly code: string; readonly units?: number }[]>
  >;
}

export type ExtraFactEvent = Extract<
  PatientEventEnvelope['event'],
  {
    type:
      | 'RtmEnrolled'
      | 'RtmDevicePeriodRecorded'
      | 'RtmEnded'
      | 'BehavioralHealthServiceRecorded'
      | 'ClaimLinesAttempted';
  }
>;

/** Pure: records one fact; `from` is the first month whose documents it can change. */
export function evolveExtraFacts<F extends LedgerExtraFacts>(
  facts: F,
  event: ExtraFactEvent,
): { facts: F; from: string } {
  switch (event.type) {
    case 'RtmEnrolled': {
      const d = event.data;
      const episode = {
        orderingPractitionerId: d.orderingPractitionerId,
        deviceType: d.deviceType ?? null,
        enrolledOn: d.enrolledOn,
        endedOn: null,
      };
      return {
        facts: { ...facts, rtmEpisodes: [...(facts.rtmEpisodes ?? []), episode] },
        from: d.enrolledOn,
      };
    }
    case 'RtmDevicePeriodRecorded': {
      const { periodId, start, end, daysWithTransmittedData } = event.data;
      return {
        facts: {
          ...facts,
          rtmPeriods: { ...facts.rtmPeriods, [periodId]: { start, end, daysWithTransmittedData } },
        },
        from: start,
      };
    }
    case 'RtmEnded': {
      const episodes = facts.rtmEpisodes ?? [];
      const last = episodes.length - 1;
      return {
        facts: {
          ...facts,
          rtmEpisodes: episodes.map((e, i) =>
            i === last && e.endedOn === null ? { ...e, endedOn: event.data.endedOn } : e,
          ),
        },
        from: event.data.endedOn,
      };
    }
    case 'BehavioralHealthServiceRecorded': {
      const { serviceMonth, service, furnishedUnderPractitioner, activitiesDocumented } = event.data;
      return {
        facts: {
          ...facts,
          behavioralHealth: {
            ...facts.behavioralHealth,
            [serviceMonth]: { service, furnishedUnderPractitioner, activitiesDocumented },
          },
        },
        from: serviceMonth,
      };
    }
    case 'ClaimLinesAttempted': {
      const { serviceMonth, lines } = event.data;
      const earlier = facts.attemptedClaimLines?.[serviceMonth] ?? [];
      return {
        facts: {
          ...facts,
          attemptedClaimLines: { ...facts.attemptedClaimLines, [serviceMonth]: [...earlier, ...lines] },
        },
        from: serviceMonth,
      };
    }
  }
}

/** The month an add-on or attempted lines are recorded for: it gets a document even before enrolment. */
export function extraFactMonths(event: PatientEventEnvelope['event']): string[] {
  switch (event.type) {
    case 'BehavioralHealthServiceRecorded':
    case 'ClaimLinesAttempted':
      return [event.data.serviceMonth];
    default:
      return [];
  }
}

/** The blocks of a month's billing facts these facts give; a block is absent when nothing is recorded. */
export function extraMonthFacts(
  recorded: LedgerExtraFacts,
  month: string,
): { rtm?: Rtm; behavioralHealth?: BehavioralHealth; attemptedClaimLines?: AttemptedClaimLine[] } {
  const rtm = rtmFacts(recorded, month);
  const bh = recorded.behavioralHealth?.[month];
  const lines = recorded.attemptedClaimLines?.[month] ?? [];
  return {
    ...(rtm ? { rtm } : {}),
    ...(bh
      ? {
          behavioralHealth: {
            service: bh.service,
            furnishedUnderPractitioner: bh.furnishedUnderPractitioner,
            activitiesDocumented: [...bh.activitiesDocumented],
          },
        }
      : {}),
    ...(lines.length > 0
      ? {
          attemptedClaimLines: lines.map((l) => ({
            code: l.code,
            ...(l.units !== undefined ? { units: l.units } : {}),
          })),
        }
      : {}),
  };
}

/**
 * RPM-4, EXCL-4: RTM enrolled in the month when an episode overlaps it, whoever ordered it (the rules keep
 * RPM and drop RTM when both are enrolled). Device periods are those overlapping the month.
 */
function rtmFacts(recorded: LedgerExtraFacts, month: string): Rtm | undefined {
  const start = firstDayOf(month);
  const end = lastDayOf(month);
  const enrolled = (recorded.rtmEpisodes ?? []).some(
    (e) => e.enrolledOn <= end && (e.endedOn === null || e.endedOn >= start),
  );
  if (!enrolled) return undefined;
  const devicePeriods = Object.values(recorded.rtmPeriods ?? {})
    .filter((p) => p.start <= end && p.end >= start)
    .sort((a, b) => a.start.localeCompare(b.start))
    .map((p) => ({ start: p.start, end: p.end, daysWithTransmittedData: p.daysWithTransmittedData }));
  return { enrolled: true, devicePeriods };
}
