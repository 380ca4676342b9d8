import { parsePosition, type EventStore } from '@ccm/event-store';
import { layoutOf } from '../all-projections';
import type { BuildProgress, ReadModelStore } from '../read-model-store';
import { CCM_STREAMS } from './projection';

/** How far a read model that readers cannot use yet has come: events applied of those stored. */
export interface ReadModelProgress {
  readonly projection: string;
  /** Events the version being built has applied; null when the event store cannot count. */
  readonly eventsApplied: number | null;
  /** Events stored for it to apply; null when the event store cannot count. */
  readonly eventsTotal: number | null;
}

/**
 * Progress of the version being built (the active one not yet built; else the newest a rebuild, or a
 * projector moving to a new layout, is filling), from the stores, so it works whichever process projects.
 * Once every partition has a checkpoint: the events up to the least advanced one. Before, while builds
 * from nothing read the partitions' streams: the events they have read. Never throws: what cannot be
 * measured is null.
 */
export async function readModelProgress(
  eventStore: EventStore,
  readModels: ReadModelStore,
  projection: string,
): Promise<ReadModelProgress> {
  const unknown = { projection, eventsApplied: null, eventsTotal: null };
  if (!eventStore.countAll) return unknown;
  try {
    const versions = await readModels.versions(projection);
    const active = versions.find((v) => v.active);
    const layout = layoutOf(projection) ?? active?.layout;
    const building =
      active?.layout === layout
        ? active
        : [...versions].filter((v) => v.layout === layout).sort((a, b) => b.version - a.version)[0];
    const checkpoint = building?.checkpoint ?? null;
    const total = await eventStore.countAll(CCM_STREAMS);
    const applied =
      checkpoint === null
        ? eventsReadByBuilds(building?.builds ?? [])
        : total - (await eventStore.countAll(CCM_STREAMS, { after: parsePosition(checkpoint) }));
    return { projection, eventsApplied: Math.min(total, Math.max(0, applied)), eventsTotal: total };
  } catch {
    return unknown;
  }
}

/** What the partitions' builds from nothing have read (engine/stream-pass.ts), together. */
export const eventsReadByBuilds = (builds: readonly (BuildProgress | null)[]): number =>
  builds.reduce((sum, build) => sum + (build?.eventsRead ?? 0), 0);
