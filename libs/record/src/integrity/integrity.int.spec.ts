import { patientStreamId } from '@ccm/domain';
import { InMemoryEventStore, type EventStore, type RecordedEvent } from '@ccm/event-store';
import { PatientRecords } from '../patient-records';
import { PracticeRecords } from '../practice-records';
import { readWholeStream } from '../stream-reader';
import {
  ADMIN,
  contextOf,
  enrolPlainPatient,
  NURSE,
  nurseTime,
  registerSmallPractice,
} from '../testing/small-practice';
import { IntegrityViolationError } from './chain-link';
import { ChainTails, RecentlyVerified } from './chain-tails';
import { readStreamRangeVerified, readWholeStreamVerified } from './verified-reads';

const clock = { now: () => new Date('2026-03-31T17:00:00Z') };
const STREAM = patientStreamId('riverside', 'pt-1');

/** The store as someone who edited the file sees it: `edit` applied to every event it returns. */
function editedStore(
  inner: EventStore,
  edit: (event: RecordedEvent) => RecordedEvent | undefined,
): EventStore {
  const store = Object.create(inner) as EventStore;
  store.readStream = async (streamId, options) =>
    (await inner.readStream(streamId, options)).flatMap((e) => edit(e) ?? []);
  return store;
}

const minutesEdited = (revision: bigint) => (event: RecordedEvent) =>
  event.streamId === STREAM && event.revision === revision
    ? { ...event, data: { ...event.data, minutes: 52 } }
    : event;

async function patientWithTime(store: EventStore): Promise<void> {
  const { patients } = await registerSmallPractice(store, clock);
  await patients.execute('pt-1', enrolPlainPatient('pt-1'), contextOf(ADMIN));
  await patients.execute('pt-1', nurseTime('e1'), contextOf(NURSE));
  await patients.execute('pt-1', nurseTime('e2'), contextOf(NURSE));
}

const freshRecords = (store: EventStore) =>
  new PatientRecords(store, new PracticeRecords(store, clock), clock);

describe('loading a record checks its chain', () => {
  it('refuses to fold an edited event: the error names stream, revision and check, nothing stored', async () => {
    const inner = new InMemoryEventStore();
    await patientWithTime(inner);
    const edited = editedStore(inner, minutesEdited(1n));
    const error = await freshRecords(edited)
      .load('riverside', 'pt-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrityViolationError);
    expect(error).toMatchObject({ streamId: STREAM, revision: 1, kind: 'hash_mismatch' });
    expect(String((error as Error).message)).not.toMatch(/52|pt-1|riverside/);
  });

  it('refuses a command on it and appends nothing', async () => {
    const inner = new InMemoryEventStore();
    await patientWithTime(inner);
    const edited = editedStore(inner, minutesEdited(1n));
    await expect(
      freshRecords(edited).execute('pt-1', nurseTime('e3'), contextOf(NURSE)),
    ).rejects.toBeInstanceOf(IntegrityViolationError);
    expect(await readWholeStream(inner, STREAM)).toHaveLength(3);
  });

  it('finds a removed event (a revision gap) and an event whose link was rewritten', async () => {
    const inner = new InMemoryEventStore();
    await patientWithTime(inner);
    const removed = editedStore(inner, (e) => (e.streamId === STREAM && e.revision === 1n ? undefined : e));
    await expect(freshRecords(removed).load('riverside', 'pt-1')).rejects.toMatchObject({
      revision: 2,
      kind: 'revision_gap',
    });
    const relinked = editedStore(inner, (e) =>
      e.streamId === STREAM && e.revision === 2n
        ? { ...e, metadata: { ...e.metadata, previousHash: '0'.repeat(64) } }
        : e,
    );
    await expect(freshRecords(relinked).load('riverside', 'pt-1')).rejects.toMatchObject({
      revision: 2,
      kind: 'previous_hash_mismatch',
    });
  });

  it('checks only what follows the cached, verified head: a later writer’s broken event is found', async () => {
    const inner = new InMemoryEventStore();
    await patientWithTime(inner);
    let breakNext = false;
    const store = editedStore(inner, (e) =>
      breakNext && e.streamId === STREAM && e.revision === 3n
        ? { ...e, data: { ...e.data, minutes: 99 } }
        : e,
    );
    const records = freshRecords(store);
    expect((await records.load('riverside', 'pt-1')).revision).toBe(2);
    // Another process appends a fourth event; this process sees it edited.
    await freshRecords(inner).execute('pt-1', nurseTime('e3'), contextOf(NURSE));
    breakNext = true;
    await expect(records.load('riverside', 'pt-1')).rejects.toMatchObject({ revision: 3 });
    // An edit inside the part already verified is not re-read: the state served is the one verified
    // (no edited value), and the next process to load the stream, `audit verify` and anchors find it.
    let editNow = false;
    const later = editedStore(inner, (e) => (editNow ? minutesEdited(1n)(e) : e));
    const warm = freshRecords(later);
    await warm.load('riverside', 'pt-1');
    editNow = true;
    const loaded = await warm.load('riverside', 'pt-1');
    expect(loaded.state.status === 'enrolled' && loaded.state.timeEntries.get('e1')?.minutes).toBe(10);
  });
});

describe('verified reads and followers', () => {
  it('readWholeStreamVerified throws at the first break and hands out nothing', async () => {
    const inner = new InMemoryEventStore();
    await patientWithTime(inner);
    expect(await readWholeStreamVerified(inner, STREAM)).toHaveLength(3);
    await expect(
      readWholeStreamVerified(editedStore(inner, minutesEdited(2n)), STREAM),
    ).rejects.toMatchObject({ streamId: STREAM, revision: 2 });
  });

  it('readStreamRangeVerified checks a page from its predecessor: an edit or a removal in it is refused', async () => {
    const inner = new InMemoryEventStore();
    await patientWithTime(inner);
    const all = await readWholeStream(inner, STREAM);
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect((await readStreamRangeVerified(inner, STREAM, 1, 2)).map((e) => e.revision)).toEqual([1n, 2n]);
    expect(await readStreamRangeVerified(inner, STREAM, 0, 100)).toEqual(all);
    expect(await readStreamRangeVerified(inner, STREAM, all.length, 5)).toEqual([]);
    // An edit inside the page, and one just before it (the page names its stored hash, not its content).
    await expect(
      readStreamRangeVerified(editedStore(inner, minutesEdited(2n)), STREAM, 1, 2),
    ).rejects.toMatchObject({
      revision: 2,
      kind: 'hash_mismatch',
    });
    expect(await readStreamRangeVerified(editedStore(inner, minutesEdited(1n)), STREAM, 2, 1)).toHaveLength(
      1,
    );
    // The predecessor removed: the page's first event continues nothing read.
    const removed = editedStore(inner, (e) => (e.revision === 1n ? undefined : e));
    await expect(readStreamRangeVerified(removed, STREAM, 2, 1)).rejects.toMatchObject({
      revision: 2,
      kind: 'previous_hash_mismatch',
    });
  });

  it('a follower starting mid-stream continues from the stored head before, and shares recomputed hashes', async () => {
    const inner = new InMemoryEventStore();
    await patientWithTime(inner);
    const events = await readWholeStream(inner, STREAM);
    const looked: bigint[] = [];
    const recent = new RecentlyVerified();
    const headBefore = async (_stream: string, revision: bigint) => {
      looked.push(revision);
      const previous = events[Number(revision) - 1];
      return { revision: previous.revision, hash: String(previous.metadata.hash) };
    };
    const first = new ChainTails({ headBefore, recent });
    for (const event of events.slice(1)) await first.accept(event);
    expect(looked).toEqual([1n]);
    // A sibling follower accepts the same events without recomputing (a tampered copy with the same
    // stored hash would pass here: the sibling trusts what the first one recomputed moments before).
    const sibling = new ChainTails({ headBefore, recent });
    for (const event of events.slice(1)) await sibling.accept(event);
    const edited = { ...events[2], data: { ...events[2].data, minutes: 99 } };
    const alone = new ChainTails({ headBefore });
    await alone.accept(events[1]);
    await expect(alone.accept(edited)).rejects.toMatchObject({ revision: 2, kind: 'hash_mismatch' });
  });
});
