import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../testing/event-store-contract';
import { SqliteEventStore } from './sqlite-event-store';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describeEventStoreContract('sqlite file', () => {
  let filename = '';
  return {
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ccm-es-'));
      dirs.push(dir);
      filename = join(dir, 'events.sqlite');
      return new SqliteEventStore({ filename, pollIntervalMs: 50 });
    },
    openSecondConnection: async () => new SqliteEventStore({ filename, pollIntervalMs: 50 }),
  };
});
