import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReadModelStoreContract } from '../testing/read-model-store-contract';
import { SqliteReadModelStore } from './sqlite-read-model-store';
import { largeDocument, storeTwoLargeDocuments } from '../testing/contract-documents';
import { versionTableNames, versionTables } from './version-tables';

describeReadModelStoreContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-rm-'));
  const store = new SqliteReadModelStore({ filename: join(dir, 'read-models.sqlite') });
  return {
    store,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeReadModelStoreContract('SQLite file, large documents deflated', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-rm-'));
  const store = new SqliteReadModelStore({
    filename: join(dir, 'read-models.sqlite'),
    deflateLargeDocuments: true,
  });
  return {
    store,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('a SQLite read-model file from before partitions', () => {
  it('keeps its versions: the checkpoint becomes partition 0’s, built as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccm-rm-old-'));
    const filename = join(dir, 'read-models.sqlite');
    const old = new Database(filename);
    old.exec(`
      CREATE TABLE rm_versions (projection TEXT NOT NULL, version INTEGER NOT NULL, checkpoint TEXT,
        active INTEGER NOT NULL DEFAULT 0, built INTEGER NOT NULL DEFAULT 0, layout INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (projection, version)) WITHOUT ROWID;
      CREATE TABLE rm_counters (projection TEXT PRIMARY KEY, last_version INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO rm_versions VALUES ('patient-months', 3, '41/41', 1, 1, 2);
      INSERT INTO rm_counters VALUES ('patient-months', 3);`);
    versionTables(old, { projection: 'patient-months', version: 3 }).create();
    old.close();
    const store = new SqliteReadModelStore({ filename });
    try {
      expect(await store.versions('patient-months')).toEqual([
        {
          version: 3,
          checkpoint: '41/41',
          checkpoints: ['41/41'],
          builds: [null],
          partitions: 1,
          active: true,
          layout: 2,
        },
      ]);
      expect(await store.readerVersion('patient-months')).toEqual({
        version: 3,
        built: true,
        layout: 2,
        partitions: 1,
      });
      const ref = { projection: 'patient-months', version: 3 };
      await store.applyBatch(ref, { expectedCheckpoint: '41/41', checkpoint: '42/42', writes: [] });
      expect(await store.checkpoint(ref)).toBe('42/42');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a SQLite read-model file from before builds kept their progress', () => {
  it('gets the column: its partitions have no build under way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccm-rm-old-'));
    const filename = join(dir, 'read-models.sqlite');
    const old = new Database(filename);
    old.exec(`
      CREATE TABLE rm_partitions (projection TEXT NOT NULL, version INTEGER NOT NULL,
        partition INTEGER NOT NULL, checkpoint TEXT, caught_up INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (projection, version, partition)) WITHOUT ROWID;
      INSERT INTO rm_partitions VALUES ('audit-trail', 2, 0, NULL, 0), ('audit-trail', 2, 1, '9/9', 1);`);
    old.close();
    const store = new SqliteReadModelStore({ filename });
    try {
      const ref = { projection: 'audit-trail', version: 2 };
      expect(await store.checkpoint(ref, 1)).toBe('9/9');
      const opened = new Database(filename, { readonly: true });
      const rows = opened.prepare('SELECT partition, build FROM rm_partitions ORDER BY partition').all();
      opened.close();
      expect(rows).toEqual([
        { partition: 0, build: null },
        { partition: 1, build: null },
      ]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a large document in the SQLite read-model file', () => {
  it('is kept as its JSON text by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccm-rm-large-'));
    const filename = join(dir, 'read-models.sqlite');
    const store = new SqliteReadModelStore({ filename });
    try {
      const ref = { projection: 'large', version: await store.createVersion('large', 1) };
      const json = largeDocument();
      const key = { practiceId: 'p1', collection: 'c', id: 'x' };
      await store.applyBatch(ref, {
        expectedCheckpoint: null,
        checkpoint: '1/1',
        writes: [{ key, document: { json, lists: [] } }],
      });
      const raw = new Database(filename, { readonly: true });
      const { docs } = versionTableNames(ref);
      expect(raw.prepare<[], { json: string }>(`SELECT json FROM ${docs}`).get()?.json).toBe(json);
      raw.close();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is kept deflated when asked, and one kept as its JSON text still reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccm-rm-large-'));
    const filename = join(dir, 'read-models.sqlite');
    const store = new SqliteReadModelStore({ filename, deflateLargeDocuments: true });
    const raw = new Database(filename);
    try {
      const { ref, json } = await storeTwoLargeDocuments(store);
      const { docs } = versionTableNames(ref);
      const stored = raw.prepare<[string], { json: string }>(`SELECT json FROM ${docs} WHERE id = ?`);
      expect(stored.get('deflated')?.json.length).toBeLessThan(json.length / 3);
      raw.prepare(`UPDATE ${docs} SET json = ? WHERE id = 'plain'`).run(json);
      expect(stored.get('plain')?.json).toBe(json);
      const found = await store.getDocuments(ref, [
        { practiceId: 'p1', collection: 'c', id: 'deflated' },
        { practiceId: 'p1', collection: 'c', id: 'plain' },
      ]);
      expect(found.map((d) => d?.json)).toEqual([json, json]);
    } finally {
      raw.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
