import type { IntegrityViolationError } from './chain-link';

export interface BrokenStream {
  readonly streamId: string;
  readonly revision: number;
  readonly kind: IntegrityViolationError['kind'];
  readonly detectedAt: string;
  /** What met it: a read or command (`api`), the projector, a periodic anchor. */
  readonly detectedBy: string;
}

/** What /health shows: counts only, no stream names (they carry patient ids, and /health is public). */
export interface IntegrityReport {
  readonly status: 'ok' | 'broken';
  readonly brokenStreams: number;
  readonly firstDetectedAt: string | null;
}

/** At most this many broken streams are remembered (each is one line in the operator's to-do list). */
const MAX_REMEMBERED = 1000;

/**
 * The broken chains this process has met, by stream, for health and operators. A break stays reported
 * until the process restarts: repairing a store (restoring a backup) is an operator's act, followed by a
 * restart and `audit verify`.
 */
export class IntegrityMonitor {
  private readonly broken = new Map<string, BrokenStream>();
  private overflow = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Remembers a break; returns true the first time this stream is reported (log it once). */
  record(
    violation: Pick<IntegrityViolationError, 'streamId' | 'revision' | 'kind'>,
    detectedBy: string,
  ): boolean {
    if (this.broken.has(violation.streamId)) return false;
    if (this.broken.size >= MAX_REMEMBERED) {
      this.overflow++;
      return false;
    }
    this.broken.set(violation.streamId, {
      streamId: violation.streamId,
      revision: violation.revision,
      kind: violation.kind,
      detectedAt: this.now().toISOString(),
      detectedBy,
    });
    return true;
  }

  report(): IntegrityReport {
    const first = this.broken.values().next().value as BrokenStream | undefined;
    return {
      status: first ? 'broken' : 'ok',
      brokenStreams: this.broken.size + this.overflow,
      firstDetectedAt: first?.detectedAt ?? null,
    };
  }

  /** Every broken stream met, with names: for operators' tools, never for a public answer. */
  streams(): readonly BrokenStream[] {
    return [...this.broken.values()];
  }
}
