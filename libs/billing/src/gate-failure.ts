import type { ReasonCode } from './decision';

/** One failed requirement of a track, with the detail the trace prints. */
export interface GateFailure {
  reason: ReasonCode;
  rule: string;
  ref?: string;
  detail: string;
}
