import { RETIRED_READ_MODELS } from '../all-projections';
import type { ReadModelStore, VersionInfo } from '../read-model-store';
import { VersionNotFoundError } from '../version-not-found';
import type { Projection } from './projection';
import type { ProjectorLogger } from './projector';

/** The version a projector follows, and whether it is a rebuild into a new layout (not yet read). */
export interface FollowedVersion {
  readonly version: number;
  /** The active version holds another layout: this one is built beside it and replaces it once caught up. */
  readonly replaces?: number;
}

/**
 * The active version when it holds the projection's layout and partition count. On a first start, one is
 * created (active, not built). When the active version holds another layout or count (the code or the
 * deployment moved on), the projector rebuilds into a version of the new shape beside it, continuing one
 * a previous start left unfinished. Processes (or partitions) racing to create it agree on the lowest
 * such version; the others they created are dropped.
 */
export async function versionToFollow(
  store: ReadModelStore,
  projection: Projection,
  partitions = 1,
): Promise<FollowedVersion> {
  const versions = await store.versions(projection.name);
  const active = versions.find((v) => v.active);
  if (!active) {
    await store.createVersion(projection.name, projection.layout, partitions);
    // Another process may have created one at the same time: whichever became active wins.
    const chosen = await store.activeVersion(projection.name);
    if (chosen === undefined) throw new VersionNotFoundError({ projection: projection.name, version: 0 });
    return { version: chosen };
  }
  const fits = (v: VersionInfo) => v.layout === projection.layout && v.partitions === partitions;
  if (fits(active)) return { version: active.version };
  const unfinished = versions.find((v) => !v.active && fits(v));
  if (unfinished) return { version: unfinished.version, replaces: active.version };
  const mine = await store.createVersion(projection.name, projection.layout, partitions);
  const candidates = (await store.versions(projection.name)).filter((v) => !v.active && fits(v));
  const chosen = candidates[0]?.version ?? mine;
  if (chosen !== mine) await store.dropVersion({ projection: projection.name, version: mine });
  return { version: chosen, replaces: active.version };
}

/** Whether `followed` is still what the projector should follow (a rebuild may have switched readers). */
export async function stillFollowed(
  store: ReadModelStore,
  projection: Projection,
  followed: FollowedVersion,
): Promise<boolean> {
  const active = await store.activeVersion(projection.name);
  return followed.replaces === undefined ? active === followed.version : active === followed.replaces;
}

/** What a version built by a projector replaces: the version of an older layout, and retired read models. */
export async function dropReplaced(
  store: ReadModelStore,
  projection: Projection,
  old: number | undefined,
  logger?: ProjectorLogger,
): Promise<void> {
  if (old !== undefined) {
    await store.dropVersion({ projection: projection.name, version: old });
    logger?.log(
      `projection ${projection.name}: rebuilt in layout ${projection.layout}; version ${old} dropped`,
    );
  }
  for (const [retired, replacement] of Object.entries(RETIRED_READ_MODELS)) {
    if (replacement !== projection.name || (await store.versions(retired)).length === 0) continue;
    await store.dropReadModel(retired);
    logger?.log(`read model ${retired} dropped: ${replacement} replaces it`);
  }
}

/** versionToFollow, one follower of a projection at a time within the process (partitions would race). */
export function chooseInTurn(
  context: {
    readonly choosing: Map<string, Promise<FollowedVersion>>;
    readonly readModels: ReadModelStore;
    readonly partitions: number;
  },
  projection: Projection,
): Promise<FollowedVersion> {
  const { choosing, readModels, partitions } = context;
  const previous = choosing.get(projection.name) ?? Promise.resolve(undefined);
  const next = previous
    .catch(() => undefined)
    .then(() => versionToFollow(readModels, projection, partitions));
  choosing.set(projection.name, next);
  return next;
}
