import { ALL_PROJECTIONS } from '../all-projections';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { standardStory } from '../testing/scenario';
import { projectionHealth } from './health-report';
import { Projector } from './projector';
import { startingStatus, type ProjectionStatus } from './running-projector';

describe('projection health report', () => {
  it('says ok when caught up, and halted when a read model stopped on a broken chain, even if barely behind', async () => {
    const scenario = await standardStory();
    const readModels = new SqliteReadModelStore({ filename: ':memory:' });
    const projector = new Projector({ eventStore: scenario.store, readModels, projections: ALL_PROJECTIONS });
    projector.start();
    try {
      await projector.waitUntilCaughtUp();
      const input = {
        eventStore: scenario.store,
        readModels,
        store: 'sqlite' as const,
        mode: 'embedded' as const,
      };
      expect(await projectionHealth({ ...input, projector })).toMatchObject({ status: 'ok' });

      const statuses: ProjectionStatus[] = ALL_PROJECTIONS.map((p, i) => ({
        ...startingStatus(p.name),
        state: i === 0 ? 'halted' : 'live',
      }));
      const report = await projectionHealth({ ...input, projector: { status: () => statuses } });
      expect(report.status).toBe('halted');
      expect(report.projections[0]).toMatchObject({ state: 'halted', behind: 0 });

      // Partitions of one read model: the state that needs attention first speaks for them all.
      const partitioned: ProjectionStatus[] = ALL_PROJECTIONS.flatMap((p) => [
        { ...startingStatus(p.name), partition: 0, state: 'live' as const },
        { ...startingStatus(p.name), partition: 1, state: 'retrying' as const, retries: 2, lastError: 'X' },
      ]);
      const shared = await projectionHealth({
        ...input,
        projector: { status: () => partitioned },
        partitions: async () => ({ count: 2, worked: [0, 1], holders: ['a', null] }),
      });
      expect(shared.partitions).toEqual({ count: 2, worked: [0, 1], holders: ['a', null] });
      expect(shared.projections[0]).toMatchObject({ state: 'retrying', retries: 2, lastError: 'X' });
    } finally {
      await projector.stop();
      await readModels.close();
    }
  });
});
