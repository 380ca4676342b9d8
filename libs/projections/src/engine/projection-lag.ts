import { formatPosition, parsePosition, type EventStore } from '@ccm/event-store';
import type { ReadModelStore } from '../read-model-store';
import { CCM_STREAMS, type Projection } from './projection';
import { eventsReadByBuilds } from './read-model-progress';

export interface ProjectionLag {
  readonly projection: string;
  /**
   * The version readers use, or the one being built to replace it when the code moved to a new layout;
   * null before the projector first ran.
   */
  readonly version: number | null;
  /** The version of an older layout readers used, while `version` is built to replace it; else null. */
  readonly replacing: number | null;
  /** Whether readers may use it: it has caught up with the store once (else reads answer 503). */
  readonly built: boolean;
  /** Last position applied to that version. */
  readonly checkpoint: string | null;
  /** Position of the store's last event the projection follows, when within the scanned window. */
  readonly head: string | null;
  /**
   * Events stored but not applied yet, counted up to the scan limit. While a build from nothing reads the
   * streams (no checkpoint yet), the events it has read count as applied.
   */
  readonly behind: number;
  /** True when there are at least `behind` events to apply (the count stopped at the limit). */
  readonly behindIsLowerBound: boolean;
}

/**
 * Compares a projection's checkpoint with the event store's head by reading what follows the
 * checkpoint (one bounded page). Works from any process: it needs the stores, not a running projector.
 * `partitions`: the count the projectors are configured with, when known; a version of another count is
 * being replaced, as one of another layout is.
 */
export async function measureLag(
  eventStore: EventStore,
  readModels: ReadModelStore,
  { name: projection, layout }: Pick<Projection, 'name' | 'layout'>,
  scanLimit = 4096,
  partitions?: number,
): Promise<ProjectionLag> {
  const reader = await readModels.readerVersion(projection);
  const fits = (v: { layout: number; partitions: number }) =>
    v.layout === layout && (partitions === undefined || v.partitions === partitions);
  const migrating = reader !== undefined && !fits(reader);
  // While migrating, the version of the new shape (none until the projector has created it).
  const version = migrating
    ? ((await readModels.versions(projection)).filter(fits).at(-1)?.version ?? null)
    : (reader?.version ?? null);
  const checkpoint = version === null ? null : await readModels.checkpoint({ projection, version });
  const page = await eventStore.readAll({
    after: checkpoint ? parsePosition(checkpoint) : undefined,
    maxCount: scanLimit,
    filter: CCM_STREAMS,
  });
  const last = page.events[page.events.length - 1];
  // A build from nothing has no checkpoint until it ends; the events it has read count as applied.
  const behindBuild = async (version: number): Promise<{ behind: number } | undefined> => {
    const info = (await readModels.versions(projection)).find((v) => v.version === version);
    const read = eventsReadByBuilds(info?.builds ?? []);
    if (read === 0) return undefined;
    if (page.isEnd) return { behind: Math.max(0, page.events.length - read) };
    // Past the scan only a store that counts can say what is left (EventStoreDB cannot: the scan stands).
    if (!eventStore.countAll) return undefined;
    return { behind: Math.max(0, (await eventStore.countAll(CCM_STREAMS)) - read) };
  };
  const build = checkpoint === null && version !== null ? await behindBuild(version) : undefined;
  return {
    projection,
    version,
    replacing: migrating ? reader.version : null,
    built: !migrating && (reader?.built ?? false),
    checkpoint,
    head: page.isEnd ? (last ? formatPosition(last.position) : checkpoint) : null,
    behind: build?.behind ?? page.events.length,
    behindIsLowerBound: build ? false : !page.isEnd,
  };
}

/** measureLag for each of the projections, in their order. */
export function measureLags(
  eventStore: EventStore,
  readModels: ReadModelStore,
  projections: readonly Pick<Projection, 'name' | 'layout'>[],
  partitions?: number,
): Promise<ProjectionLag[]> {
  return Promise.all(projections.map((p) => measureLag(eventStore, readModels, p, undefined, partitions)));
}
