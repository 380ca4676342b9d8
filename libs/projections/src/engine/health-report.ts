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
  /** A projector process sharing partitions with others: how many, which it works, who holds each. */
  readonly partitions?: PartitionsReport;
}

export interface PartitionsReport {
  readonly count: number;
  readonly worked: readonly number[];
  /** The process holding each partition's lease (null: none, or the lease store did not answer). */
  readonly holders: readonly (string | null)[];
}

/** The state that needs attention first, across a projection's partitions. */
const STATE_ORDER: readonly ProjectionStatus['state'][] = [
  'halted',
  'retrying',
  'starting',
  'catching_up',
  'live',
  'stopped',
];

function combined(statuses: readonly ProjectionStatus[]): ProjectionStatus | undefined {
  if (statuses.length <= 1) return statuses[0];
  const state = STATE_ORDER.find((candidate) => statuses.some((s) => s.state === candidate)) ?? 'stopped';
  return {
    ...statuses[0],
    state,
    retries: statuses.reduce((sum, s) => sum + s.retries, 0),
    lastError: statuses.find((s) => s.lastError !== null)?.lastError ?? null,
  };
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
  readonly partitions?: () => Promise<PartitionsReport>;
  /** READ_MODEL_PARTITIONS: versions of another count are being replaced. */
  readonly partitionCount?: number;
}): Promise<ProjectionHealthReport> {
  const partitions = await input.partitions?.().catch(() => undefined);
  const base = { store: input.store, projector: input.mode, ...(partitions ? { partitions } : {}) };
  const byProjection = new Map<string, ProjectionStatus[]>();
  for (const status of input.projector?.status() ?? [])
    byProjection.set(status.projection, [...(byProjection.get(status.projection) ?? []), status]);
  const statuses = new Map([...byProjection].map(([name, list]) => [name, combined(list)]));
  const stateOf = (name: string) => {
    const s = statuses.get(name);
    return s ? { state: s.state, retries: s.retries, lastError: s.lastError } : {};
  };
  try {
    const lags = await measureLags(input.eventStore, input.readModels, ALL_PROJECTIONS, input.partitionCount);
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
