import type { ProjectionLag } from './projection-lag';
import type { ProjectionStatus } from './projector';

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
