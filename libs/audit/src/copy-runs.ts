import type { EventStore, RecordedEvent } from '@ccm/event-store';
import { MigrationRefusedError } from './migration-record';

/** Consecutive events of one stream, at most `limit` (an append stays well under a server's size limit). */
export function runsOf(events: readonly RecordedEvent[], limit = 256): RecordedEvent[][] {
  const runs: RecordedEvent[][] = [];
  for (const event of events) {
    const run = runs[runs.length - 1];
    if (run && run[0].streamId === event.streamId && run.length < limit) run.push(event);
    else runs.push([event]);
  }
  return runs;
}

/** How many leading events of the run the target already holds, each checked to be the same event. */
export async function presentOnTarget(target: EventStore, run: readonly RecordedEvent[]): Promise<number> {
  const there = await target.readStream(run[0].streamId, {
    fromRevision: run[0].revision,
    maxCount: run.length,
  });
  there.forEach((event, i) => {
    if (event.revision !== run[i].revision || event.id !== run[i].id) {
      throw new MigrationRefusedError(
        `the target's stream ${event.streamId} differs from the source at revision ${event.revision}: not copying over it`,
      );
    }
  });
  return there.length;
}

export const toNewEvent = (event: RecordedEvent) => ({
  id: event.id,
  type: event.type,
  data: event.data,
  metadata: event.metadata,
});
