/** Bounds of one attempt: lines per attempt, units per line. */
export const MAX_ATTEMPTED_LINES = 20;
export const MAX_ATTEMPTED_UNITS = 99;

/** A line as it was attempted; `units` absent when the attempt did not give them. */
export interface AttemptedLine {
  readonly code: string;
  readonly units?: number;
}

export type ClaimAttemptEvent = {
  /**
   * SEL-6, APCM-8: claim lines someone tried to bill for a service month. They never bill; the billing
   * rules name the ones they refuse (e.g. a PCM line beside billed CCM). The attempt id is the idempotency
   * key; a month's attempted lines are those of every attempt recorded for it, in recording order.
   */
  readonly type: 'ClaimLinesAttempted';
  readonly data: {
    readonly attemptId: string;
    readonly serviceMonth: string;
    readonly lines: readonly AttemptedLine[];
    readonly recordedBy: string;
  };
};
