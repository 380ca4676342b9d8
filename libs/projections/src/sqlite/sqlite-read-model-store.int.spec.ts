import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReadModelStoreContract } from '../testing/read-model-store-contract';
import { SqliteReadModelStore } from './sqlite-read-model-store';

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
