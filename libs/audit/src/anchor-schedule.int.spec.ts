import { patientStreamId } from '@ccm/domain';
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
import { IncrementalAnchorer, startAnchorSchedule } from './anchor-schedule';
import { checkAnchor, latestAnchor, recordAnchor, type AnchorKey } from './anchors';

const clock: Clock = { now: () => new Date('2026-03-31T17:00:00Z') };
const key: AnchorKey = { keyId: 'k1', secret: 'anchor-secret' };

/** Periodic anchors: each covers what is new, verifies as a full-walk anchor does, and never covers a break. */
describe('incremental anchors on a SQLite file', () => {
  let dir: string;
  let filename: string;
  let store: SqliteEventStore;
  let patients: Awaited<ReturnType<typeof registerSmallPractice>>['patients'];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-anchors-'));
    filename = join(dir, 'events.sqlite');
    store = new SqliteEventStore({ filename });
    ({ patients } = await registerSmallPractice(store, clock));
    await patients.execute('pt-1', enrolPlainPatient('pt-1'), contextOf(ADMIN));
    await patients.execute('pt-1', nurseTime('e1', '2026-03-02', 12), contextOf(NURSE));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('anchors everything on the first tick, nothing when nothing changed, then only what is new', async () => {
    const anchorer = new IncrementalAnchorer(store, key, clock);
    const first = await anchorer.tick();
    expect(first).toMatchObject({ outcome: 'anchored', anchor: { streamCount: 2, eventCount: 3 } });
    expect(await anchorer.tick()).toEqual({ outcome: 'unchanged' });

    await patients.execute('pt-1', nurseTime('e2', '2026-03-03', 9), contextOf(NURSE));
    await patients.execute('pt-2', enrolPlainPatient('pt-2'), contextOf(ADMIN));
    const second = await anchorer.tick();
    expect(second).toMatchObject({ outcome: 'anchored', anchor: { streamCount: 3, eventCount: 5 } });
    if (second.outcome !== 'anchored' || first.outcome !== 'anchored') throw new Error('not anchored');
    expect(await latestAnchor(store)).toEqual(second.anchor);
    // Each incremental anchor checks exactly as one taken by a full walk does.
    expect(await checkAnchor(store, first.anchor, [key])).toEqual({ ok: true, streamCount: 2 });
    expect(await checkAnchor(store, second.anchor, [key])).toEqual({ ok: true, streamCount: 3 });
    const full = await recordAnchor(store, key, clock);
    expect(full.anchor?.digest).toBe(second.anchor.digest);
  });

  it('refuses to anchor over an edited event, on this tick and every later one', async () => {
    const anchorer = new IncrementalAnchorer(store, key, clock);
    await anchorer.tick();
    await patients.execute('pt-1', nurseTime('e2', '2026-03-03', 9), contextOf(NURSE));
    const db = new Database(filename);
    db.prepare(
      "UPDATE events SET data = json_set(data, '$.minutes', 45) WHERE stream_id = ? AND revision = 2",
    ).run(patientStreamId('riverside', 'pt-1'));
    db.close();
    const broken = await anchorer.tick();
    expect(broken).toMatchObject({
      outcome: 'broken',
      firstBreak: { kind: 'hash_mismatch', streamId: patientStreamId('riverside', 'pt-1'), revision: '2' },
    });
    await patients.execute('pt-1', nurseTime('e3', '2026-03-04', 9), contextOf(NURSE));
    expect(await anchorer.tick()).toEqual(broken);
    const anchors = await store.readStream('ccm.audit.anchors', { maxCount: 10 });
    expect(anchors).toHaveLength(1);
  });

  it('the schedule ticks at once and on its interval, logs without record data, and stops cleanly', async () => {
    const lines: string[] = [];
    const logger = { log: (m: string) => lines.push(m), error: (m: string) => lines.push(`ERROR ${m}`) };
    const schedule = startAnchorSchedule(new IncrementalAnchorer(store, key, clock), 10, logger);
    while (lines.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await patients.execute('pt-1', nurseTime('e2', '2026-03-03', 9), contextOf(NURSE));
    while (lines.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await schedule.stop();
    expect(lines.slice(0, 2)).toEqual([
      expect.stringMatching(/^anchor signed up to \S+ \(2 streams\)$/),
      expect.stringMatching(/^anchor signed up to \S+ \(2 streams\)$/),
    ]);
    expect(lines.join('\n')).not.toMatch(/pt-1|riverside/);
    expect(await store.readStream('ccm.audit.anchors', { maxCount: 10 })).toHaveLength(2);
  });
});
