/**
 * Production follows EventStoreDB: the projector on the EventStoreDB adapter (real client, gRPC, against
 * the repository's protocol test server) must answer what a one-off projection of the same events does.
 */
import { EventStoreDbEventStore } from '@ccm/event-store/eventstoredb';
import { ProtocolTestServer } from '@ccm/event-store/eventstoredb/testing/protocol-test-server';
import { ALL_PROJECTIONS } from '../all-projections';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { collectAnswers } from '../testing/collect-answers';
import { projectEvents } from '../testing/project-events';
import { OTHER_PRACTICE, PRACTICE, Scenario, standardStory } from '../testing/scenario';
import { Projector } from './projector';

const READS = {
  practices: { [PRACTICE]: ['pt-1', 'pt-2', 'pt-3'], [OTHER_PRACTICE]: ['pt-1'] },
  months: ['2026-02', '2026-03'],
  now: new Date('2026-03-31T17:00:00Z'),
};

it('projects live from the EventStoreDB adapter, positions and all', async () => {
  const server = await ProtocolTestServer.start();
  const events = new EventStoreDbEventStore({ connectionString: server.connectionString });
  const readModels = new SqliteReadModelStore({ filename: ':memory:' });
  const projector = new Projector({
    eventStore: events,
    readModels,
    projections: ALL_PROJECTIONS,
    batchSize: 6,
    idleFlushMs: 10,
  });
  try {
    projector.start();
    const scenario = await standardStory(new Scenario(events));
    await projector.waitUntilCaughtUp(20_000);
    const reference = new SqliteReadModelStore({ filename: ':memory:' });
    await projectEvents(reference, await scenario.events());
    expect(await collectAnswers(readModels, events, READS)).toEqual(
      await collectAnswers(reference, events, READS),
    );
    await reference.close();
    const [lag] = await projector.lag();
    expect(lag).toMatchObject({ behind: 0, behindIsLowerBound: false });
    expect(lag.checkpoint).toMatch(/^\d+\/\d+$/);
  } finally {
    await projector.stop();
    await readModels.close();
    await events.close();
    await server.stop();
  }
}, 60_000);
