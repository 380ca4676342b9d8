import type { LocalDate } from '../shared/local-time';

/**
 * What remote physiologic (RPM) and remote therapeutic (RTM) monitoring have in common: an episode ordered by
 * a billing practitioner, from its enrolment to its end, and device periods reporting the days with
 * transmitted data. Each program names its own events (stored forever) with these data shapes.
 */

/** RPM-1: a device period covers 30 days counted from its first day (not the calendar month); RTM's alike. */
export const DEVICE_PERIOD_DAYS = 30;

/** Who ordered an episode and when it began; each program adds its own details (its device type...). */
export interface EpisodeDetails {
  readonly orderingPractitionerId: string;
  readonly enrolledOn: LocalDate;
}

/** The data of a program's enrolment event: its details and who recorded them. */
export type EpisodeEnrolled<D extends EpisodeDetails> = D & { readonly recordedBy: string };

/** A report of one device period; the period id is its idempotency key. */
export interface DevicePeriodReport {
  readonly periodId: string;
  readonly start: LocalDate;
  /** Inclusive; taken only where the program lets a period end sooner (RTM), else `start` + 29 days. */
  readonly end?: LocalDate;
  readonly daysWithTransmittedData: number;
}

/**
 * The data of a program's device period event: days with transmitted data in one period. A later report
 * for the same period (more days) supersedes the earlier one.
 */
export interface DevicePeriodRecorded {
  readonly periodId: string;
  readonly start: LocalDate;
  /** Inclusive: at most `start` + 29 days (always that for RPM, RPM-1). */
  readonly end: LocalDate;
  readonly daysWithTransmittedData: number;
  readonly recordedBy: string;
}

/** The end of an episode (device returned, order stopped, therapy completed). */
export interface EpisodeEnd {
  readonly endedOn: LocalDate;
  readonly reason: string;
}

/** The data of a program's end event. */
export type EpisodeEnded = EpisodeEnd & { readonly recordedBy: string };

/** A device period's latest report. */
export interface DevicePeriod {
  readonly start: LocalDate;
  readonly end: LocalDate;
  readonly daysWithTransmittedData: number;
  readonly atRevision: number;
}

/** What a program's decider needs: the latest episode and every device period reported, by period id. */
export interface MonitoringState<D extends EpisodeDetails> {
  readonly episode: D & {
    readonly atRevision: number;
    readonly ended?: { readonly endedOn: LocalDate; readonly reason: string; readonly atRevision: number };
  };
  readonly periods: Readonly<Record<string, DevicePeriod>>;
}

/** The stable type names a program gives its three episode events. */
export interface EpisodeEventTypes {
  readonly enrolled: string;
  readonly devicePeriodRecorded: string;
  readonly ended: string;
}

/** A program's episode events, by the names it gives them. */
export type EpisodeEvent<D extends EpisodeDetails, N extends EpisodeEventTypes> =
  | { readonly type: N['enrolled']; readonly data: EpisodeEnrolled<D> }
  | { readonly type: N['devicePeriodRecorded']; readonly data: DevicePeriodRecorded }
  | { readonly type: N['ended']; readonly data: EpisodeEnded };
