import { MAX_PAGE_SIZE, SqliteEventStore, type EventStore, type RecordedEvent } from '@ccm/event-store';
import { EventStoreDbEventStore } from '@ccm/event-store/eventstoredb';
import { ProtocolTestServer } from '@ccm/event-store/eventstoredb/testing/protocol-test-server';
import { PatientRecords, PracticeRecords, type Clock } from '@ccm/record';
import { seedClinic } from '@ccm/synthetic-clinic';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAnchor, recordAnchor, type Anchor, type AnchorKey } from './anchors';
import { MIGRATION_STREAM } from './migration-record';
import { MigrationRefusedError } from './migration-record';
import { MigrationHaltedError, migrateStore, planMigration } from './store-migration';
import { verifyAllStreams } from './verify-chain';

const clock: Clock = { now: () => new Date('2026-03-31T17:00:00Z') };
const key: AnchorKey = { keyId: 'k1', secret: 'anchor-secret' };
const OPTIONS = { sourceKind: 'sqlite', clock, userId: 'ops-1', progressEvery: 50 };

async function everyEvent(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let after; ;) {
    const page = await store.readAll({
      after,
      maxCount: MAX_PAGE_SIZE,
      filter: { streamPrefixes: ['ccm.'] },
    });
    events.push(...page.events);
    after = page.lastPosition ?? after;
    if (page.isEnd) return events;
  }
}

const sameEvent = (e: RecordedEvent) => [e.streamId, e.revision, e.id, e.type, e.data, e.metadata];

async function seedPractice(store: SqliteEventStore, practiceId: string, patients: number): Promise<void> {
  const practices = new PracticeRecords(store, clock);
  await seedClinic(
    { practices, patients: new PatientRecords(store, practices, clock), clock },
    { practiceId, patients, months: 2, seed: 5, lastDay: '2026-03-30' },
  );
}

describe('migrating the SQLite store to EventStoreDB (through the client, to the protocol test server)', () => {
  let dir: string;
  let source: SqliteEventStore;
  let server: ProtocolTestServer;
  let target: EventStoreDbEventStore;
  let anchor: Anchor;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-migrate-'));
    source = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    await seedPractice(source, 'demo', 8);
    // An anchor in the middle of the record: what it covers must be found again on the target.
    const recorded = await recordAnchor(source, key, clock);
    anchor = recorded.anchor as Anchor;
    await seedPractice(source, 'other', 4);
    server = await ProtocolTestServer.start();
    target = new EventStoreDbEventStore({ connectionString: server.connectionString });
  }, 120_000);

  afterAll(async () => {
    await target?.close();
    await server?.stop();
    await source?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plans: counts the source and finds the target empty, writing nothing', async () => {
    const plan = await planMigration(source, target, 'sqlite');
    const events = await everyEvent(source);
    expect(plan).toEqual({
      source: {
        kind: 'sqlite',
        events: events.length,
        streams: new Set(events.map((e) => e.streamId)).size,
        lastPosition: expect.stringMatching(/^\d+\/\d+$/),
      },
      anchors: 1,
      target: { state: 'empty' },
    });
    expect(await everyEvent(target)).toEqual([]);
  });

  it('copies every event with its id, revision, data and metadata, resuming after two kills', async () => {
    await expect(migrateStore(source, target, { ...OPTIONS, haltAfter: 77 })).rejects.toBeInstanceOf(
      MigrationHaltedError,
    );
    expect(await planMigration(source, target, 'sqlite')).toMatchObject({ target: { state: 'partial' } });
    // Killed again: this time after events past the last progress record were copied.
    await expect(migrateStore(source, target, { ...OPTIONS, haltAfter: 120 })).rejects.toBeInstanceOf(
      MigrationHaltedError,
    );
    const report = await migrateStore(source, target, OPTIONS);
    const copied = await everyEvent(source);
    expect(report).toMatchObject({ eventsCopied: copied.length, anchorsTranslated: 1 });
    expect(report.eventsSkipped).toBeGreaterThan(0);
    expect(report.resumedFrom).toMatch(/^\d+\/\d+$/);
    const onTarget = (await everyEvent(target)).filter((e) => e.streamId !== MIGRATION_STREAM);
    // The same events in the same order: every stream's chain, and the order projections read them in.
    expect(onTarget.map(sameEvent)).toEqual(copied.map(sameEvent));
  }, 120_000);

  it('leaves every hash chain intact and the source anchor checkable on the target', async () => {
    const walk = await verifyAllStreams(target);
    expect(walk.ok).toBe(true);
    expect(await checkAnchor(target, anchor, [key])).toEqual({ ok: true, streamCount: anchor.streamCount });
    // An anchor recorded on the target afterwards covers the migration's own record too.
    const later = await recordAnchor(target, key, clock);
    expect(await checkAnchor(target, later.anchor as Anchor, [key])).toMatchObject({ ok: true });
  }, 60_000);

  it('refuses to run again on a completed target, or into a store that holds events of its own', async () => {
    expect(await planMigration(source, target, 'sqlite')).toMatchObject({ target: { state: 'complete' } });
    await expect(migrateStore(source, target, OPTIONS)).rejects.toThrow(
      'already holds a completed migration',
    );
    const other = await ProtocolTestServer.start();
    const occupied = new EventStoreDbEventStore({ connectionString: other.connectionString });
    try {
      const [first] = await everyEvent(source);
      await occupied.append(
        first.streamId,
        [{ id: first.id, type: first.type, data: first.data, metadata: first.metadata }],
        'no_stream',
      );
      expect(await planMigration(source, occupied, 'sqlite')).toMatchObject({
        target: { state: 'not-empty' },
      });
      await expect(migrateStore(source, occupied, OPTIONS)).rejects.toBeInstanceOf(MigrationRefusedError);
    } finally {
      await occupied.close();
      await other.stop();
    }
  }, 60_000);
});
