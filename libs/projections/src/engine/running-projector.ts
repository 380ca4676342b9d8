import type { ProjectionLag } from './projection-lag';
import type { ChainBreak } from '@ccm/record';

/** A projector this process runs, on its event loop (Projector) or on a thread of its own (ProjectorThread). */
export interface RunningProjector {
  start(): void;
  stop(): Promise<void>;
  status(): ProjectionStatus[];
  lag(): Promise<ProjectionLag[]>;
  /** Resolves once every projection has applied everything stored when it is called (tests, startup). */
  waitUntilCaughtUp(timeoutMs?: number): Promise<void>;
}

/** Waits for every read model to be built and its checkpoint at the store's head, measured from the stores. */
export async function waitUntilCaughtUp(
  lag: () => Promise<ProjectionLag[]>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lags = await lag().catch(() => undefined);
    if (lags?.every((l) => l.behind === 0 && l.version !== null && l.built)) return;
    if (Date.now() > deadline) throw new Error('projections did not catch up in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `halted`: stopped at an event whose hash chain does not verify, until an operator acts and restarts. */
export type ProjectionState = 'starting' | 'catching_up' | 'live' | 'retrying' | 'stopped' | 'halted';

export interface ProjectionStatus {
  readonly projection: string;
  /** The partition of the read model this status is for, when its versions have several. */
  readonly partition?: number;
  readonly state: ProjectionState;
  readonly version: number | null;
  /** Last position this projector committed (or found stored when it started). */
  readonly checkpoint: string | null;
  readonly eventsApplied: number;
  /** Failed attempts since the last success. */
  readonly retries: number;
  /** Error type only: messages may quote data. */
  readonly lastError: string | null;
  /**
   * Where the projection halted (state `halted`): the stream names a patient, so it is for the process's
   * own integrity report, never for a public answer.
   */
  readonly brokenChain?: {
    readonly streamId: string;
    readonly revision: number;
    readonly kind: ChainBreak['kind'];
  };
}

/** A projection's status before its projector has done anything. */
export const startingStatus = (projection: string): ProjectionStatus => ({
  projection,
  state: 'starting',
  version: null,
  checkpoint: null,
  eventsApplied: 0,
  retries: 0,
  lastError: null,
});
