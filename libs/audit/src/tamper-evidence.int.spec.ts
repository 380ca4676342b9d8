import { chainHash, patientStreamId } from '@ccm/domain';
import { SqliteEventStore } from '@ccm/event-store';
import type { Clock } from '@ccm/record';
import {
  ADMIN,
  contextOf,
  enrolPlainPatient,
  NURSE,
  nurseTime,
  registerSmallPractice,
} from '@ccm/record/testing/small-practice';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAnchor, recordAnchor, type AnchorKey } from './anchors';
import { verifyAllStreams, verifyStream } from './verify-chain';

const clock: Clock = { now: () => new Date('2026-03-31T17:00:00Z') };
const key: AnchorKey = { keyId: 'k1', secret: 'anchor-secret' };

async function seed(filename: string): Promise<void> {
  const store = new SqliteEventStore({ filename });
  const { patients } = await registerSmallPractice(store, clock);
  for (const patientId of ['pt-1', 'pt-2']) {
    await patients.execute(patientId, enrolPlainPatient(patientId), contextOf(ADMIN));
    for (let i = 0; i < 4; i++) {
      await patients.execute(patientId, nurseTime(`e${i}`, `2026-03-0${i + 1}`, 10 + i), contextOf(NURSE));
    }
  }
  await store.close();
}

describe('tamper evidence on the SQLite file (hash chain and anchors)', () => {
  let dir: string;
  let filename: string;
  let store: SqliteEventStore;
  const stream = patientStreamId('riverside', 'pt-1');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-tamper-'));
    filename = join(dir, 'events.sqlite');
    await seed(filename);
  });
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Edits the file behind the store's back, as someone with disk access could. */
  function tamper(sql: (db: Database.Database) => void): void {
    const db = new Database(filename);
    sql(db);
    db.close();
    store = new SqliteEventStore({ filename });
  }

  it('verifies an untouched store: every stream, every event', async () => {
    store = new SqliteEventStore({ filename });
    const result = await verifyAllStreams(store);
    expect(result).toMatchObject({ ok: true, eventsChecked: 11, streamsChecked: 3 });
    expect(await verifyStream(store, stream)).toMatchObject({ ok: true, eventsChecked: 5 });
  });

  it('catches an edited row: the first broken link names stream and revision', async () => {
    tamper((db) =>
      db
        .prepare(
          "UPDATE events SET data = json_set(data, '$.minutes', 45) WHERE stream_id = ? AND revision = 2",
        )
        .run(stream),
    );
    const result = await verifyAllStreams(store);
    expect(result.ok).toBe(false);
    expect(result.firstBreak).toMatchObject({ kind: 'hash_mismatch', streamId: stream, revision: '2' });
    expect((await verifyStream(store, stream)).firstBreak).toMatchObject({ revision: '2' });
  });

  it('catches an edited row even when the attacker also recomputes its hash: the next link breaks', async () => {
    tamper((db) => {
      const row = db.prepare('SELECT * FROM events WHERE stream_id = ? AND revision = 2').get(stream) as {
        event_id: string;
        type: string;
        data: string;
        metadata: string;
      };
      const data = { ...JSON.parse(row.data), minutes: 45 };
      const metadata = JSON.parse(row.metadata);
      metadata.hash = chainHash({
        streamId: stream,
        revision: 2,
        eventId: row.event_id,
        type: row.type,
        data,
        metadata,
      });
      db.prepare('UPDATE events SET data = ?, metadata = ? WHERE stream_id = ? AND revision = 2').run(
        JSON.stringify(data),
        JSON.stringify(metadata),
        stream,
      );
    });
    const result = await verifyAllStreams(store);
    expect(result.firstBreak).toMatchObject({
      kind: 'previous_hash_mismatch',
      streamId: stream,
      revision: '3',
    });
  });

  it('catches a deleted row', async () => {
    tamper((db) => db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = 1').run(stream));
    const result = await verifyAllStreams(store);
    expect(result.firstBreak).toMatchObject({
      kind: 'revision_gap',
      streamId: stream,
      revision: '2',
      expectedRevision: '1',
    });
  });

  it('catches two rows reordered', async () => {
    tamper((db) => {
      const swap = db.prepare('UPDATE events SET revision = ? WHERE stream_id = ? AND revision = ?');
      db.transaction(() => {
        swap.run(-1, stream, 1);
        swap.run(1, stream, 3);
        swap.run(3, stream, -1);
      })();
    });
    const result = await verifyAllStreams(store);
    expect(result.ok).toBe(false);
    expect(result.firstBreak?.streamId).toBe(stream);
  });

  it('anchors: a signed digest of stream heads catches a stream dropped or rewritten after it', async () => {
    store = new SqliteEventStore({ filename });
    const recorded = await recordAnchor(store, key, clock);
    if (!recorded.anchor) throw new Error('anchor not recorded');
    expect(recorded.anchor).toMatchObject({ streamCount: 3, eventCount: 11 });
    expect(await checkAnchor(store, recorded.anchor, [key])).toEqual({ ok: true, streamCount: 3 });
    await store.close();

    // Dropping a whole stream leaves every remaining chain intact: only the anchor notices.
    tamper((db) =>
      db.prepare('DELETE FROM events WHERE stream_id = ?').run(patientStreamId('riverside', 'pt-2')),
    );
    expect((await verifyAllStreams(store)).ok).toBe(true);
    expect(await checkAnchor(store, recorded.anchor, [key])).toMatchObject({
      ok: false,
      reason: 'streams_changed',
    });
  });

  it('anchors: refuses a forged anchor and one signed with an unknown key', async () => {
    store = new SqliteEventStore({ filename });
    const recorded = await recordAnchor(store, key, clock);
    if (!recorded.anchor) throw new Error('anchor not recorded');
    expect(await checkAnchor(store, { ...recorded.anchor, streamCount: 2 }, [key])).toMatchObject({
      ok: false,
      reason: 'signature_invalid',
    });
    expect(await checkAnchor(store, recorded.anchor, [{ keyId: 'k2', secret: 'x' }])).toMatchObject({
      ok: false,
      reason: 'unknown_key',
    });
  });

  it('anchors chain to one another and are verified like any stream', async () => {
    store = new SqliteEventStore({ filename });
    await recordAnchor(store, key, clock);
    const second = await recordAnchor(store, key, clock);
    expect(second.anchor?.eventCount).toBe(11);
    expect((await verifyAllStreams(store)).ok).toBe(true);
  });
});
