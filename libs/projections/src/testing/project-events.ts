import type { RecordedEvent } from '@ccm/event-store';
import { ALL_PROJECTIONS } from '../all-projections';
import { projectBatch } from '../engine/project-batch';
import type { Projection } from '../engine/projection';
import type { ReadModelStore } from '../read-model-store';

/** Projects events into each projection's active version (created if needed), in batches, as the projector does, and marks it built. */
export async function projectEvents(
  store: ReadModelStore,
  events: readonly RecordedEvent[],
  options: { projections?: readonly Projection[]; batchSize?: number } = {},
): Promise<void> {
  const batchSize = options.batchSize ?? 7;
  for (const projection of options.projections ?? ALL_PROJECTIONS) {
    const version =
      (await store.activeVersion(projection.name)) ??
      (await store.createVersion(projection.name, projection.layout));
    const ref = { projection: projection.name, version };
    let checkpoint = await store.checkpoint(ref);
    for (let i = 0; i < events.length; i += batchSize) {
      checkpoint = await projectBatch({
        store,
        ref,
        projection,
        events: events.slice(i, i + batchSize),
        expectedCheckpoint: checkpoint,
      });
    }
    // Everything given is applied: caught up, as the projector marks it, so readers may use it.
    await store.applyBatch(ref, { expectedCheckpoint: checkpoint, checkpoint, writes: [], activate: true });
  }
}
