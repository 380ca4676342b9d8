/**
 * The audit trail keeps its entries' notes in chunks of REVISION_CHUNK revisions (the timeline is read from
 * them), and the record reads are paged from the patient's access stream: both page as they did when every
 * entry was a document of its own in a sorted list, with the same items, page sizes and cursors, on both
 * adapters.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PATIENT_ACCESS_EVENT, patientAccessStreamId, patientStreamId } from '@ccm/domain';
import { InMemoryEventStore, type EventStore, type RecordedEvent } from '@ccm/event-store';
import { IntegrityViolationError } from '@ccm/record';
import { AuditEventMissingError, auditTrail, recordReads } from '../audit-trail/audit-queries';
import { AUDIT_TRAIL, auditTrailProjection } from '../audit-trail/audit-trail.projection';
import { DocumentSession } from '../engine/document-session';
import type { Projection } from '../engine/projection';
import { InvalidPageRequestError, type Page, type PageRequest } from '../queries/paging';
import { ReadModelReader, type Found } from '../queries/read-model-reader';
import type { ReadModelStore } from '../read-model-store';
import { RedisReadModelStore } from '../redis/redis-read-model-store';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { appendChained } from '../testing/append-chained';
import { projectEvents } from '../testing/project-events';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server';
import { PRACTICE, Scenario } from '../testing/scenario';
import { timeline } from '../patient-timeline/timeline-queries';
import { REVISION_CHUNK } from './revision-chunks';

const LONG = 'pt-long';
/** Exactly REVISION_CHUNK reads. */
const EDGE = 'pt-edge';
/** Enrolled; its reads are logged by the spec that lists them. */
const LATE = 'pt-late';
/** The chunks of pt-long's 100 revisions. */
const LONG_CHUNKS = Math.ceil(100 / REVISION_CHUNK);
const PROJECTIONS = [auditTrailProjection];

type Read = (
  reader: ReadModelReader,
  practiceId: string,
  patientId: string,
  page: PageRequest,
) => Promise<Found<Page<{ revision: number }>>>;
// The timeline and the audit trail read the events their entries annotate from the story's event store.
const READS = {
  timeline: (reader, practiceId, patientId, page) =>
    timeline(reader, story.store, practiceId, patientId, page),
  audit: (reader, practiceId, patientId, page) =>
    auditTrail(reader, story.store, practiceId, patientId, page),
  reads: (reader, practiceId, patientId, page) =>
    recordReads(reader, story.store, practiceId, patientId, page),
} satisfies Record<string, Read>;

/** The cursor as the sorted lists of one document per entry wrote it. */
const listCursor = (patientId: string, revision: number): string =>
  Buffer.from(
    JSON.stringify([String(revision).padStart(12, '0'), `${patientId}:${revision}`, 0]),
    'utf8',
  ).toString('base64url');

async function accessReads(s: Scenario, patientId: string, count: number): Promise<void> {
  for (let from = 0; from < count; from += 10) {
    await appendChained(
      s.store,
      patientAccessStreamId(PRACTICE, patientId),
      Array.from({ length: Math.min(10, count - from) }, (_, i) => ({
        type: PATIENT_ACCESS_EVENT,
        data: {
          patientId,
          actorId: 'auditor-al',
          role: 'auditor',
          what: 'GET /patients/:id/timeline',
          purpose: 'audit',
          channel: 'api',
          accessedAt: '2026-03-31T17:00:00.000Z',
          requestId: `req-${from + i}`,
        },
      })),
    );
  }
}

/** pt-long: 100 events (revisions 0-99) and 100 reads; pt-edge: enrolled, and REVISION_CHUNK reads. */
async function longStory(): Promise<Scenario> {
  const s = new Scenario();
  await s.at('2026-03-31T15:00:00Z').practice();
  await s.enrol(LONG);
  for (let i = 1; i < 100; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    if (i % 20 === 0) await s.correct(LONG, `e${i - 1}`, 3);
    else
      await s.logTime(
        LONG,
        `e${i}`,
        `2026-03-${day}`,
        `${String(8 + Math.floor(i / 28)).padStart(2, '0')}:00`,
        5,
      );
  }
  await s.enrol(EDGE);
  await s.enrol(LATE);
  await accessReads(s, LONG, 100);
  await accessReads(s, EDGE, REVISION_CHUNK);
  return s;
}

async function walk(read: Read, reader: ReadModelReader, patientId: string, limit: number) {
  const pages: { revisions: number[]; nextCursor: string | null }[] = [];
  let cursor: string | undefined;
  do {
    const found = await read(reader, PRACTICE, patientId, { limit, cursor });
    if (!found.found) throw new Error('missing');
    const { items, nextCursor } = found.answer.body;
    pages.push({ revisions: items.map((e) => e.revision), nextCursor });
    cursor = nextCursor ?? undefined;
  } while (cursor);
  return pages;
}

let story: Scenario;
let events: RecordedEvent[];
let redis: TestRedisServer;
let dir: string;
const stores = {} as Record<'sqlite' | 'redis', ReadModelStore>;

beforeAll(async () => {
  story = await longStory();
  events = await story.events();
  redis = await startRedisServer();
  dir = mkdtempSync(join(tmpdir(), 'ccm-chunks-'));
  stores.sqlite = new SqliteReadModelStore({ filename: join(dir, 'read-models.sqlite') });
  const redisStore = new RedisReadModelStore({ url: redis.url });
  await redisStore.ready();
  stores.redis = redisStore;
  // Batches ending anywhere: a chunk is filled over many of them.
  await projectEvents(stores.sqlite, events, { projections: PROJECTIONS, batchSize: 7 });
  await projectEvents(stores.redis, events, { projections: PROJECTIONS, batchSize: 45 });
});

afterAll(async () => {
  await stores.sqlite?.close();
  await stores.redis?.close();
  await redis?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(['sqlite', 'redis'] as const)('chunked entries on %s', (adapter) => {
  const reader = () => new ReadModelReader(stores[adapter]);
  const sessionOn = async (projection: Projection) => {
    const version = (await stores[adapter].activeVersion(projection.name))!;
    return new DocumentSession(stores[adapter], { projection: projection.name, version });
  };

  it.each([1, REVISION_CHUNK - 1, REVISION_CHUNK, REVISION_CHUNK + 1, 50])(
    'pages of %i across chunk boundaries: every entry once, in order, with the cursors of the lists',
    async (limit) => {
      for (const [name, read] of Object.entries(READS)) {
        const pages = await walk(read, reader(), LONG, limit);
        expect([name, pages.flatMap((p) => p.revisions)]).toEqual([name, [...Array(100).keys()]]);
        const sizes = pages.map((p) => p.revisions.length);
        expect(sizes.slice(0, -1).every((size) => size === limit)).toBe(true);
        expect(sizes[sizes.length - 1]).toBe(100 % limit || limit);
        expect(pages.map((p) => p.nextCursor)).toEqual(
          pages.map((p, i) =>
            i === pages.length - 1 ? null : listCursor(LONG, p.revisions[p.revisions.length - 1]),
          ),
        );
      }
    },
  );

  it('gives the very cursor strings the api gave before, and takes them back', async () => {
    const first = await READS.timeline(reader(), PRACTICE, LONG, { limit: 33 });
    expect(first.found && first.answer.body.nextCursor).toBe('WyIwMDAwMDAwMDAwMzIiLCJwdC1sb25nOjMyIiwwXQ');
    const next = await READS.audit(reader(), PRACTICE, LONG, {
      limit: 2,
      cursor: 'WyIwMDAwMDAwMDAwMzIiLCJwdC1sb25nOjMyIiwwXQ',
    });
    expect(next.found && next.answer.body).toEqual({
      items: [expect.objectContaining({ revision: 33 }), expect.objectContaining({ revision: 34 })],
      nextCursor: listCursor(LONG, 34),
    });
    const last = await READS.reads(reader(), PRACTICE, LONG, { cursor: listCursor(LONG, 99) });
    expect(last.found && last.answer.body).toEqual({ items: [], nextCursor: null });
  });

  it('refuses a cursor the api did not issue for this patient, but a missing patient stays missing', async () => {
    const foreign = [
      'bm90LWEtY3Vyc29y',
      listCursor(EDGE, 5),
      Buffer.from(JSON.stringify(['000000000005', `${LONG}:5`, 1])).toString('base64url'),
      Buffer.from(JSON.stringify(['5', `${LONG}:5`, 0])).toString('base64url'),
      Buffer.from(JSON.stringify(['00000000000x', `${LONG}:x`, 0])).toString('base64url'),
    ];
    for (const read of Object.values(READS)) {
      for (const cursor of foreign) {
        await expect(read(reader(), PRACTICE, LONG, { cursor })).rejects.toBeInstanceOf(
          InvalidPageRequestError,
        );
      }
      await expect(read(reader(), PRACTICE, LONG, { limit: 0 })).rejects.toBeInstanceOf(
        InvalidPageRequestError,
      );
      expect(await read(reader(), PRACTICE, 'nobody', { cursor: foreign[0] })).toMatchObject({
        found: false,
        missing: 'patient',
      });
    }
  });

  it('an access stream of exactly one chunk: its last page is full and says so', async () => {
    expect(await walk(READS.reads, reader(), EDGE, REVISION_CHUNK)).toEqual([
      { revisions: [...Array(REVISION_CHUNK).keys()], nextCursor: null },
    ]);
    expect(
      (await walk(READS.reads, reader(), EDGE, REVISION_CHUNK - 1)).map((p) => p.revisions.length),
    ).toEqual([REVISION_CHUNK - 1, 1]);
    expect(await walk(READS.timeline, reader(), EDGE, 50)).toEqual([{ revisions: [0], nextCursor: null }]);
  });

  it('lists a read as soon as it is logged: the reads are the access stream, not a projection of it', async () => {
    const before = await walk(READS.reads, reader(), LATE, 10);
    const count = before.flatMap((p) => p.revisions).length;
    await accessReads(story, LATE, 1);
    const after = await walk(READS.reads, reader(), LATE, 10);
    expect(after.flatMap((p) => p.revisions)).toEqual([...Array(count + 1).keys()]);
    const found = await READS.reads(reader(), PRACTICE, LATE, {
      limit: 1,
      cursor: count ? listCursor(LATE, count - 1) : undefined,
    });
    expect(found.found && found.answer.body.items).toEqual([
      expect.objectContaining({
        revision: count,
        actor: { id: 'auditor-al', role: 'auditor' },
        requestId: 'req-0',
      }),
    ]);
  });

  it('stores one document per patient per REVISION_CHUNK revisions, the entries in revision order', async () => {
    const version = (await stores[adapter].activeVersion(AUDIT_TRAIL))!;
    const chunks = await stores[adapter].getDocuments(
      { projection: AUDIT_TRAIL, version },
      [...Array(LONG_CHUNKS + 1).keys()].map((k) => ({
        practiceId: PRACTICE,
        collection: 'entries',
        id: `${LONG}:${k}`,
      })),
    );
    const revisionsOf = (json: string) =>
      (JSON.parse(json) as { entries: { revision: number }[] }).entries.map((e) => e.revision);
    const range = (from: number, count: number) => [...Array(count).keys()].map((i) => from + i);
    // Full chunks, then the 100th revision's, then nothing.
    expect(chunks.map((chunk) => chunk && revisionsOf(chunk.json))).toEqual([
      ...[...Array(LONG_CHUNKS - 1).keys()].map((k) => range(k * REVISION_CHUNK, REVISION_CHUNK)),
      range((LONG_CHUNKS - 1) * REVISION_CHUNK, 100 - (LONG_CHUNKS - 1) * REVISION_CHUNK),
      undefined,
    ]);
  });

  it('an audit chunk keeps only what the trail adds; the entry comes back whole with its event', async () => {
    const version = (await stores[adapter].activeVersion(AUDIT_TRAIL))!;
    const [chunk] = await stores[adapter].getDocuments({ projection: AUDIT_TRAIL, version }, [
      { practiceId: PRACTICE, collection: 'entries', id: `${LONG}:1` },
    ]);
    const notes = (JSON.parse(chunk!.json) as { entries: object[] }).entries;
    // Revision 20 corrects e19 (logged at revision 19); the others link to nothing.
    expect(notes.slice(3, 6)).toEqual([
      { revision: 19 },
      {
        revision: 20,
        links: [
          {
            relation: 'corrects',
            kind: 'time_entry',
            id: 'e19',
            originalRevision: 19,
            previousRevision: 19,
            before: { minutes: 5, serviceDate: '2026-03-20', startTime: '08:00' },
          },
        ],
      },
      { revision: 21 },
    ]);
    const found = await READS.audit(reader(), PRACTICE, LONG, { limit: 2, cursor: listCursor(LONG, 18) });
    const recorded = events.filter(
      (e) => e.streamId === patientStreamId(PRACTICE, LONG) && [19, 20].includes(Number(e.revision)),
    );
    expect(found.found && found.answer.body.items).toEqual(
      recorded.map((e, i) =>
        expect.objectContaining({
          revision: Number(e.revision),
          eventId: e.id,
          change: e.data,
          links: i === 0 ? [] : (notes[4] as { links: unknown }).links,
          chain: { hash: e.metadata.hash, previousHash: e.metadata.previousHash, intact: true },
        }),
      ),
    );
  });

  it('checks the chain of every event it serves: an edit made since the record was checked is refused', async () => {
    const edited = Object.create(story.store) as EventStore;
    edited.readStream = async (streamId, options) =>
      (await story.store.readStream(streamId, options)).map((e) =>
        e.revision === 19n ? { ...e, data: { ...e.data, minutes: 52 } } : e,
      );
    const page = { limit: 2, cursor: listCursor(LONG, 18) };
    await expect(auditTrail(reader(), edited, PRACTICE, LONG, page)).rejects.toMatchObject({
      streamId: patientStreamId(PRACTICE, LONG),
      revision: 19,
      kind: 'hash_mismatch',
    });
    await expect(timeline(reader(), edited, PRACTICE, LONG, page)).rejects.toBeInstanceOf(
      IntegrityViolationError,
    );
    await expect(recordReads(reader(), edited, PRACTICE, LONG, page)).rejects.toMatchObject({
      streamId: patientAccessStreamId(PRACTICE, LONG),
      revision: 19,
    });
    // Pages that do not reach the edited event are served.
    expect(await auditTrail(reader(), edited, PRACTICE, LONG, { limit: 10 })).toMatchObject({ found: true });
  });

  it('refuses to answer from notes whose events the event store does not hold', async () => {
    const elsewhere = new InMemoryEventStore();
    await expect(auditTrail(reader(), elsewhere, PRACTICE, LONG, { limit: 3 })).rejects.toEqual(
      new AuditEventMissingError(0),
    );
    await expect(timeline(reader(), elsewhere, PRACTICE, LONG, { limit: 3 })).rejects.toBeInstanceOf(
      AuditEventMissingError,
    );
  });

  it('a batch writes each chunk it touches once: the whole story, from nothing, in a few documents', async () => {
    const written: Record<string, number> = {};
    for (const projection of PROJECTIONS) {
      const ref = {
        projection: projection.name,
        version: await stores[adapter].createVersion(projection.name, projection.layout),
      };
      const session = new DocumentSession(stores[adapter], ref);
      await projection.project(
        events.filter((e) => projection.handles(e)),
        session,
      );
      for (const write of session.writes()) {
        const kind = `${projection.name}/${write.key.collection}`;
        written[kind] = (written[kind] ?? 0) + 1;
      }
      await stores[adapter].dropVersion(ref);
    }
    // 100 + 1 + 1 events (the reads are not stored); each patient a header, pt-long 100 / REVISION_CHUNK
    // chunks (rounded up), pt-edge and pt-late 1; each of pt-long's 95 time entries its index, once
    // (the four corrected in the batch too).
    expect(written).toEqual({
      [`${AUDIT_TRAIL}/patient`]: 3,
      [`${AUDIT_TRAIL}/entries`]: LONG_CHUNKS + 2,
      [`${AUDIT_TRAIL}/item`]: 95,
    });
  });

  it('a redelivered batch (across a chunk boundary) writes nothing', async () => {
    const again = events.filter(
      (e) =>
        (e.streamId.endsWith(LONG) && Number(e.revision) >= 20 && Number(e.revision) < 70) ||
        e.streamId.endsWith(EDGE),
    );
    for (const projection of PROJECTIONS) {
      const session = await sessionOn(projection);
      await projection.project(
        again.filter((e) => projection.handles(e)),
        session,
      );
      expect([projection.name, session.writes()]).toEqual([projection.name, []]);
    }
  });
});
