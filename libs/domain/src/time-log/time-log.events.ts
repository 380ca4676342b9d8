import type { PerformerRole } from '../practice/practice';
import type { LocalDate, LocalDateTime, LocalTime } from '../shared/local-time';
import type { UtcOffset } from '../shared/wall-clock';

export const TIME_PROGRAMS = ['CCM', 'PCM', 'RPM', 'RTM', 'TCM', 'BHI', 'APCM'] as const;
export type TimeProgram = (typeof TIME_PROGRAMS)[number];

export const MIN_ENTRY_MINUTES = 1;
export const MAX_ENTRY_MINUTES = 240;

/** What was done, by whom, when and for which program (TIME-17), with the facts the time rules read. */
export interface TimeEntryDetails {
  readonly performerId: string;
  readonly performerRole: PerformerRole;
  /** One program, or two or more while the entry is not yet allocated (TIME-18). */
  readonly program: TimeProgram | readonly TimeProgram[];
  /** Activity category, snake_case; `prior_authorization` is the only one the rules read (TIME-13). */
  readonly activity: string;
  readonly serviceDate: LocalDate;
  readonly startTime: LocalTime;
  /** The UTC offset of the start, kept only when the practice's clock showed it twice (the repeated hour). */
  readonly startTimeOffset?: UtcOffset;
  readonly minutes: number;
  /** Set when the entry crosses midnight (TIME-15). */
  readonly endsAt?: LocalDateTime;
  readonly faceToFace?: boolean;
  /** The billed E/M code this time was part of (TIME-4). */
  readonly duringBilledEm?: string;
  /** An attempt that did not reach the patient or caregiver (TIME-12). */
  readonly outcome?: 'unsuccessful';
  readonly patientContact?: boolean;
  /** Real-time talk with patient or caregiver (RPM-2). */
  readonly interactiveCommunication?: boolean;
  readonly jointWith?: readonly string[];
  readonly note?: string;
}

export type TimeLogEvent =
  | { readonly type: 'TimeLogged'; readonly data: TimeEntryDetails & { readonly entryId: string } }
  | {
      readonly type: 'TimeCorrected';
      readonly data: {
        readonly entryId: string;
        readonly minutes: number;
        readonly serviceDate: LocalDate;
        readonly startTime: LocalTime;
        readonly startTimeOffset?: UtcOffset;
        readonly endsAt?: LocalDateTime;
        readonly reason: string;
        readonly correctedBy: string;
      };
    }
  | {
      /** TIME-18: an entry assigned to one program (from two or more, or from another one). */
      readonly type: 'TimeReallocated';
      readonly data: {
        readonly entryId: string;
        readonly from: TimeProgram | readonly TimeProgram[];
        readonly program: TimeProgram;
        readonly reason: string;
        readonly reallocatedBy: string;
      };
    }
  | {
      readonly type: 'TimeVoided';
      readonly data: { readonly entryId: string; readonly reason: string; readonly voidedBy: string };
    };
