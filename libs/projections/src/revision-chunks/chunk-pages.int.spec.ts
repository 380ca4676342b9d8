import type { ReadModelStore, StoredDocument } from '../read-model-store';
import { ReadModelReader } from '../queries/read-model-reader';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { entryCursor, pageChunks } from './chunk-pages';
import { chunkKey, chunkOf, type ChunkedEntries } from './revision-chunks';

const PROJECTION = 'chunk-pages-spec';
const entries: ChunkedEntries = { practiceId: 'p1', collection: 'entries', patientId: 'pt-1' };
const headerKey = { practiceId: 'p1', collection: 'patient', id: 'pt-1' };
const lastRevision = (header: StoredDocument) => (JSON.parse(header.json) as { revision: number }).revision;
const range = (from: number, to: number) => [...Array(to - from + 1).keys()].map((i) => from + i);
const chunk = (revisions: number[]) => ({
  json: JSON.stringify({ entries: revisions.map((revision) => ({ revision })) }),
  lists: [],
});

/** Revisions by the chunk that holds them. */
function chunksOf(revisions: readonly number[]): [number, number[]][] {
  const byChunk = new Map<number, number[]>();
  for (const revision of revisions)
    byChunk.set(chunkOf(revision), [...(byChunk.get(chunkOf(revision)) ?? []), revision]);
  return [...byChunk];
}

let store: ReadModelStore;

/** Revisions 0-39 and 110-129 (a run the read model skipped in between: the chunks there hold nothing). */
beforeAll(async () => {
  store = new SqliteReadModelStore({ filename: ':memory:' });
  const version = await store.createVersion(PROJECTION, 1);
  await store.applyBatch(
    { projection: PROJECTION, version },
    {
      expectedCheckpoint: null,
      checkpoint: '1/1',
      activate: true,
      writes: [
        { key: headerKey, document: { json: JSON.stringify({ revision: 129 }), lists: [] } },
        // Revisions 0-39 and 110-129 in their chunks: the chunks between hold nothing.
        ...chunksOf([...range(0, 39), ...range(110, 129)]).map(([k, revisions]) => ({
          key: chunkKey(entries, k),
          document: chunk(revisions),
        })),
      ],
    },
  );
});

afterAll(() => store.close());

async function revisionsPaged(limit: number) {
  const reader = new ReadModelReader(store);
  const pages: number[][] = [];
  let cursor: string | undefined;
  do {
    const found = await pageChunks<{ revision: number }>(reader, {
      projection: PROJECTION,
      headerKey,
      entries,
      page: { limit, cursor },
      lastRevision,
    });
    if (!found.found) throw new Error('missing');
    pages.push(found.answer.body.items.map((e) => e.revision));
    cursor = found.answer.body.nextCursor ?? undefined;
    if (cursor) expect(cursor).toBe(entryCursor('pt-1', pages[pages.length - 1][limit - 1]));
  } while (cursor);
  return pages;
}

describe('pages of chunked entries', () => {
  it.each([1, 7, 33, 1000])(
    "steps over chunks that hold nothing, up to the header's last revision (pages of %i)",
    async (limit) => {
      const pages = await revisionsPaged(limit);
      expect(pages.flat()).toEqual([...range(0, 39), ...range(110, 129)]);
      expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
    },
  );
});
