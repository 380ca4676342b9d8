import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { MAX_PAGE_SIZE, SqliteEventStore, type RecordedEvent } from '@ccm/event-store';
import { ALL_PROJECTIONS } from '../all-projections';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { versionTableNames } from '../sqlite/version-tables';
import { isPatientStream } from '@ccm/patient-months';
import { appendChained } from '../testing/append-chained';
import { interleavedRounds, seededClinicEvents } from '../testing/seeded-clinic-events';
import { rebuildProjections, type RebuildOptions } from './rebuild';

const PRACTICE = 'order-clinic';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccm-rebuild-order-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A seeded clinic stored as a clinic records it: one event of each patient in turn. The practice moves to
 * another zone a third of the way through and changes a practitioner's NPI at two thirds, so month
 * documents depend on the practice as it was when their events came.
 */
async function interleavedClinic(patients: number, seed: number): Promise<SqliteEventStore> {
  const seeded = await seededClinicEvents({
    practiceId: PRACTICE,
    patients,
    months: 3,
    seed,
    lastDay: '2026-03-31',
  });
  const practice = seeded.filter((e) => !isPatientStream(e));
  const interleaved = interleavedRounds(seeded).flat(2).filter(isPatientStream);

  const store = new SqliteEventStore({ filename: join(dir, `events-${seed}-${randomUUID()}.sqlite`) });
  const copy = (e: RecordedEvent) =>
    store.append(e.streamId, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }], 'any');
  for (const e of practice) await copy(e);
  const registered = practice.find((e) => e.type === 'PracticeRegistered') as RecordedEvent;
  const practiceStream = registered.streamId;
  const update = (data: RecordedEvent['data']) =>
    appendChained(store, practiceStream, [{ type: 'PracticeUpdated', data }]);
  const third = Math.floor(interleaved.length / 3);
  for (const [i, e] of interleaved.entries()) {
    if (i === third) await update({ ...registered.data, timeZone: 'America/Los_Angeles' });
    if (i === 2 * third) {
      const roster = registered.data.billingPractitioners as { npi: string }[];
      await update({
        ...registered.data,
        timeZone: 'America/Los_Angeles',
        billingPractitioners: roster.map((p, j) => (j === 0 ? { ...p, npi: '1999999992' } : p)),
      });
    }
    await copy(e);
  }
  return store;
}

/** Every document and list entry of the active versions, as stored. */
function dump(filename: string): Record<string, unknown[]> {
  const db = new Database(filename, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const { projection, version } of db
      .prepare('SELECT projection, version FROM rm_versions WHERE active = 1 ORDER BY projection')
      .all() as { projection: string; version: number }[]) {
      const tables = versionTableNames({ projection, version });
      out[`${projection} documents`] = db
        .prepare(`SELECT practice, collection, id, json, lists FROM ${tables.docs} ORDER BY 1, 2, 3`)
        .all();
      out[`${projection} lists`] = db.prepare(`SELECT * FROM ${tables.lists} ORDER BY 1, 2, 3, 4, 5`).all();
    }
    return out;
  } finally {
    db.close();
  }
}

async function rebuiltInto(
  events: SqliteEventStore,
  options: Partial<RebuildOptions>,
): Promise<Record<string, unknown[]>> {
  const filename = join(dir, `rm-${randomUUID()}.sqlite`);
  const readModels = new SqliteReadModelStore({ filename });
  await rebuildProjections({
    eventStore: events,
    readModels,
    projections: ALL_PROJECTIONS,
    dropDelayMs: 0,
    ...options,
  });
  await readModels.close();
  return dump(filename);
}

describe('rebuild order', () => {
  it.each([
    // Groups of a few patients: the practice's changes are given to every group.
    [1, 60],
    [2, 60],
    // Groups smaller than a patient's stream: a stream goes on in the next group.
    [3, 4],
  ])(
    'stream by stream gives every document, byte for byte, that the store in order gives (seed %i, groups of %i)',
    async (seed, groupSize) => {
      const events = await interleavedClinic(24, seed);
      try {
        const inOrder = await rebuiltInto(events, { order: 'store', batchSize: 97 });
        const byStream = await rebuiltInto(events, { order: 'by-stream', batchSize: groupSize });
        expect(Object.keys(byStream)).toHaveLength(ALL_PROJECTIONS.length * 2);
        expect(inOrder['patient-months documents'].length).toBeGreaterThan(24 * 3);
        expect(byStream).toEqual(inOrder);
      } finally {
        await events.close();
      }
    },
  );

  it('stream by stream, projects what is appended while it runs', async () => {
    const events = await interleavedClinic(12, 3);
    try {
      const contact = (await events.readAll({ maxCount: MAX_PAGE_SIZE })).events.find(
        (e) => e.type === 'ContactRecorded',
      ) as RecordedEvent;
      // Another contact recorded while the streams are read, on a stream read already: the pass in store
      // order after the streams is what sees it.
      let appended = false;
      let streamsRead = 0;
      const recording = Object.create(events) as SqliteEventStore;
      recording.readStream = async (streamId, options) => {
        if (++streamsRead === 6) {
          await appendChained(events, contact.streamId, [
            { type: contact.type, data: { ...contact.data, contactId: randomUUID() } },
          ]);
          appended = true;
        }
        return events.readStream(streamId, options);
      };
      const during = await rebuiltInto(recording, { order: 'by-stream', batchSize: 30 });
      expect(appended).toBe(true);
      expect(during).toEqual(await rebuiltInto(events, { order: 'store' }));
    } finally {
      await events.close();
    }
  });
});
