import type { EventStore, GlobalPosition, RecordedEvent } from '@ccm/event-store';
import { ReadModelQueries } from '../queries/read-model-queries';
import type { ReadModelBatch, ReadModelStore, RefBatch, VersionRef } from '../read-model-store';

/**
 * Builds from nothing held part way, for the specs of their progress, resumption and refusal
 * (engine/build-progress.int.spec.ts). `releaseAll` opens every gate and fails every stall, so a test
 * that failed still stops its projectors.
 */
export class BuildGates {
  private readonly pending: (() => void)[] = [];

  releaseAll(): void {
    for (const release of this.pending.splice(0)) release();
  }

  /**
   * The store, except that `projection`'s `hold`-th group of a build (a batch with build progress
   * and no checkpoint, of partition 0) waits until released: the build stands still part way through.
   * Released with `write: false`, the group is never written (its process is gone).
   */
  holdingGroup(store: ReadModelStore, projection: string, hold: number) {
    let groups = 0;
    let release!: (write?: boolean) => void;
    const released = new Promise<boolean>((resolve) => (release = (write = true) => resolve(write)));
    this.pending.push(release);
    let reached!: () => void;
    const held = new Promise<void>((resolve) => (reached = resolve));
    const wrapper = Object.create(store) as ReadModelStore;
    wrapper.applyBatches = async (batches: readonly RefBatch[]) => {
      const watched = batches.some(
        ({ ref, batch }) => ref.projection === projection && isGroup(batch) && (batch.partition ?? 0) === 0,
      );
      if (watched && ++groups >= hold) {
        reached();
        if (!(await released)) throw new Error('the process died');
      }
      return store.applyBatches(batches);
    };
    wrapper.applyBatch = (ref: VersionRef, batch: ReadModelBatch) => wrapper.applyBatches([{ ref, batch }]);
    return { store: wrapper, held, release };
  }

  /**
   * The store, except that the `at`-th group commit of a build waits until `open()`: `reached` when it is
   * held, `tried` once it was attempted. With `stallAfter`, every group commit after it waits (`next`) until
   * `kill()`, which fails it (the process is gone). With `readsAfter`, the commit goes through and the reads
   * after it (the next group's) wait instead.
   */
  gatedGroups(store: ReadModelStore, at: number, hold: 'stallAfter' | 'readsAfter') {
    let groups = 0;
    const signal = () => {
      let done!: () => void;
      const promise = new Promise<void>((resolve) => (done = resolve));
      return { promise, done };
    };
    const [reached, opened, tried, next] = [signal(), signal(), signal(), signal()];
    let kill!: () => void;
    const killed = new Promise<never>((_, reject) => (kill = () => reject(new Error('the process died'))));
    killed.catch(() => undefined);
    this.pending.push(opened.done, kill);
    const wrapper = Object.create(store) as ReadModelStore;
    wrapper.getDocuments = async (ref, keys) => {
      if (hold === 'readsAfter' && groups >= at) {
        reached.done();
        await opened.promise;
      }
      return store.getDocuments(ref, keys);
    };
    wrapper.applyBatches = async (batches: readonly RefBatch[]) => {
      if (!batches.some(({ batch }) => isGroup(batch))) return store.applyBatches(batches);
      groups += 1;
      if (groups === at && hold === 'stallAfter') {
        reached.done();
        await opened.promise;
        return store.applyBatches(batches).finally(tried.done);
      }
      if (groups > at && hold === 'stallAfter') {
        next.done();
        await killed;
      }
      return store.applyBatches(batches);
    };
    wrapper.applyBatch = (ref: VersionRef, batch: ReadModelBatch) => wrapper.applyBatches([{ ref, batch }]);
    return {
      store: wrapper,
      reached: reached.promise,
      open: opened.done,
      tried: tried.promise,
      next: next.promise,
      kill,
    };
  }
}

/** Every page of every patient's audit trail, as JSON text. */
export async function auditAnswers(
  readModels: ReadModelStore,
  events: EventStore,
  streamIds: readonly string[],
): Promise<string[]> {
  const queries = new ReadModelQueries(readModels, events);
  const answers: string[] = [];
  for (const streamId of streamIds) {
    const [, , practiceId, patientId] = streamId.split('.');
    let cursor: string | undefined;
    do {
      const found = await queries.auditTrail(practiceId, patientId, { limit: 5, cursor });
      if (!found.found) throw new Error(`no audit trail for ${streamId}`);
      answers.push(JSON.stringify(found.answer.body));
      cursor = found.answer.body.nextCursor ?? undefined;
    } while (cursor);
  }
  return answers;
}

export async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let after: GlobalPosition | undefined; ;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    all.push(...page.events);
    after = page.lastPosition ?? after;
    if (page.isEnd) return all;
  }
}

export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A group of a build from nothing: no checkpoint yet, progress stored, documents written. */
const isGroup = (batch: ReadModelBatch): boolean =>
  batch.checkpoint === null && batch.build !== undefined && batch.writes.length > 0;
