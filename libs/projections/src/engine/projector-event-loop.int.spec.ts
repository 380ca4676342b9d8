import { ALL_PROJECTIONS } from '../all-projections';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { standardStory } from '../testing/scenario';
import { Projector } from './projector';

const applied = (projector: Projector): number =>
  projector.status().reduce((sum, status) => sum + status.eventsApplied, 0);

describe('projector and the event loop it shares', () => {
  it('gives the event loop a turn after each batch while it catches up a backlog', async () => {
    // Every store here answers without waiting for I/O: without a turn after each batch, the whole backlog
    // would be applied before any timer, message or request of the same thread is handled.
    const scenario = await standardStory();
    const events = (await scenario.events()).length;
    const backlog = events * ALL_PROJECTIONS.length;
    const readModels = new SqliteReadModelStore({ filename: ':memory:' });
    const projector = new Projector({
      eventStore: scenario.store,
      readModels,
      projections: ALL_PROJECTIONS,
      batchSize: 1,
      idleFlushMs: 10,
    });
    const seenAtEachTurn: number[] = [];
    let watching = true;
    const watch = (): void => {
      seenAtEachTurn.push(applied(projector));
      if (watching) setImmediate(watch);
    };
    setImmediate(watch);
    projector.start();
    try {
      await projector.waitUntilCaughtUp();
    } finally {
      watching = false;
      await projector.stop();
      await readModels.close();
    }
    expect(applied(projector)).toBe(backlog);
    const midway = seenAtEachTurn.filter((n) => n > 0 && n < backlog);
    // Built together, a group of one event for each read model: turns all along, not one at the end.
    expect(midway.length).toBeGreaterThan(events / ALL_PROJECTIONS.length / 2);
  });
});
