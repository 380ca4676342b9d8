import type { EventStore } from '@ccm/event-store';
import { ALL_PROJECTIONS } from '../all-projections';
import type { ReadModelStore } from '../read-model-store';
import { measureLags, type ProjectionLag } from './projection-lag';
import type { ProjectionStatus } from './running-projector';
import type { RunningProjector } from './running-projector';

/** Behind by fewer events than this counts as up to date: a live projection is always a batch behind at times. */
export const LAG_TOLERANCE = 100;

export interface ProjectionHealthReport {
  /**
   * `ok`; `lagging` (readers see older data, commands unaffected); `halted` (a read model stopped at an
   * event whose hash chain does not verify: it applies nothing more until an operator acts, however
   * little it is behind yet); `unavailable` (store unreachable).
   */
  readonly status: 'ok' | 'lagging' | 'halted' | 'unavailable';
  readonly store: 'sqlite' | 'redis';
  readonly projector: 'embedded' | 'off' | 'standalone';
  readonly projections: readonly (ProjectionLag &
    Partial<Pick<ProjectionStatus, 'state' | 'retries' | 'lastError'>>)[];
}

/**
 * Each read model's checkpoint against the event store's head, measured from the stores (so it also
 * works where the projector runs in another process), with the projector's state when it runs here.
 * Never throws: an unreachable store is a status.
 */
export async function projectionHealth(input: {
  readonly eventStore: EventStore;
  readonly readModels: ReadModelStore;
  readonly store: ProjectionHealthReport['store'];
  readonly mode: ProjectionHealthReport['projector'];
  readonly projector?: Pick<RunningProjector, 'status'>;
}): Promise<ProjectionHealthReport> {
  const base = { store: input.store, projector: input.mode };
  const statuses = new Map((input.projector?.status() ?? []).map((s) => [s.projection, s]));
  const stateOf = (name: string) => {
    const s = statuses.get(name);
    return s ? { state: s.state, retries: s.retries, lastError: s.lastError } : {};
  };
  try {
    const lags = await measureLags(input.eventStore, input.readModels, ALL_PROJECTIONS);
    const projections = lags.map((lag) => ({ ...lag, ...stateOf(lag.projection) }));
    const lagging = projections.some(
      (p) => p.version === null || !p.built || p.behindIsLowerBound || p.behind >= LAG_TOLERANCE,
    );
    const halted = projections.some((p) => p.state === 'halted');
    return { status: halted ? 'halted' : lagging ? 'lagging' : 'ok', ...base, projections };
  } catch {
    return {
      status: 'unavailable',
      ...base,
      projections: ALL_PROJECTIONS.map((p) => ({
        projection: p.name,
        version: statuses.get(p.name)?.version ?? null,
        replacing: null,
        built: false,
        checkpoint: statuses.get(p.name)?.checkpoint ?? null,
        head: null,
        behind: 0,
        behindIsLowerBound: true,
        ...stateOf(p.name),
      })),
    };
  }
}
