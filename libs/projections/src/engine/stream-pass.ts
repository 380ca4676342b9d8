import {
  formatPosition,
  MAX_PAGE_SIZE,
  parsePosition,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  type StreamInventory,
} from '@ccm/event-store';
import { ChainTails } from '@ccm/record';
import { partitionOfStream } from '../partitions';
import type { BuildProgress } from '../read-model-store';
import { inStoreOrder, streamUpTo } from './rebuild-reads';
import type { Projection } from './projection';

/**
 * A group derives and writes each of its streams' documents once whatever its size, so it only needs to
 * be large enough to amortise a transaction: smaller groups hold less, and garbage collection has less to
 * walk. At 10k patients groups of 1,000-5,000 events rebuilt at 4,200-5,400 events/s with 725-780 MiB,
 * groups of 20,000 at 3,500-4,100 events/s with 1.0 GiB.
 */
export const DEFAULT_GROUP_SIZE = 5_000;

export interface StreamPass {
  readonly eventStore: EventStore;
  /** The streams, in the order they start, and (unless `end` says) the position the pass reads up to. */
  readonly inventory: StreamInventory;
  /**
   * Where to read up to instead, for a pass going on from an earlier one's progress: streams that start
   * after it are in the inventory's tail and hold nothing up to it.
   */
  readonly end?: GlobalPosition;
  /** Streams (of those included, context apart) an earlier pass projected whole up to `end`: not read again. */
  readonly skipStreams?: number;
  readonly projections: readonly Projection[];
  /** The streams to read (default: every stream of the inventory). */
  readonly includes?: (streamId: string) => boolean;
  readonly groupSize?: number;
  /** Checks each page's hash chains (streams are read from their first event) and gives it back. */
  readonly verified: (events: readonly RecordedEvent[]) => readonly RecordedEvent[];
  /**
   * Projects one group: whole streams, with every context event, in store order. `streamsDone`: streams
   * (context apart, skipped ones included) read whole before the group was projected.
   */
  readonly project: (events: RecordedEvent[], streamsDone: number) => Promise<void>;
  /** Events read of a stream, read models' or not (progress): called for each page before it joins a group. */
  readonly onRead?: (streamId: string, events: number) => void;
}

/**
 * Projects the store up to the inventory's position a group of streams at a time, each stream read whole,
 * so each document is derived and written once per group however its stream's events are spread through
 * the store. Context streams (a practice's zone and roster) are read first and projected with every
 * group, so each group derives its months with the practice as it was. The caller moves the checkpoints
 * once the pass is over: a group is no point of the store.
 */
export async function projectStreamByStream(pass: StreamPass): Promise<void> {
  const { eventStore, inventory, projections } = pass;
  const end = pass.end ?? inventory.lastPosition;
  if (!end) return;
  const includes = pass.includes ?? (() => true);
  const isContext = (streamId: string): boolean =>
    projections.some((p) => p.context?.streams(streamId) ?? false);
  // Events no read model uses are read (for progress) but not held.
  const used = (event: RecordedEvent): boolean => projections.some((p) => p.handles(event));
  const groupSize = pass.groupSize ?? DEFAULT_GROUP_SIZE;
  // Pages no larger than a group: a group holds less than two groups' worth of events.
  const pageSize = Math.min(MAX_PAGE_SIZE, groupSize);
  const read = async (streamId: string, take: (events: readonly RecordedEvent[]) => Promise<void>) => {
    for await (const page of streamUpTo(eventStore, streamId, end, pageSize)) {
      const kept = pass.verified(page).filter(used);
      pass.onRead?.(streamId, page.length);
      await take(kept);
    }
  };
  const streams = inventory.streams.filter((s) => includes(s.streamId));
  const contextEvents: RecordedEvent[] = [];
  for (const { streamId } of streams.filter((s) => isContext(s.streamId)))
    await read(streamId, async (events) => void contextEvents.push(...events));
  contextEvents.sort(inStoreOrder);
  // Streams in the order they start, page by page: a stream longer than a group (a busy access log) goes
  // on in the next group, after the part of it already projected.
  let group: RecordedEvent[] = [];
  let projectedContext = false;
  const skip = pass.skipStreams ?? 0;
  let streamsDone = skip;
  const projectGroup = async (): Promise<void> => {
    await pass.project([...group, ...contextEvents].sort(inStoreOrder), streamsDone);
    group = [];
    projectedContext = true;
  };
  for (const { streamId } of streams.filter((s) => !isContext(s.streamId)).slice(skip)) {
    await read(streamId, async (events) => {
      group.push(...events);
      if (group.length >= groupSize) await projectGroup();
    });
    streamsDone++;
  }
  if (group.length > 0 || (!projectedContext && contextEvents.length > 0)) await projectGroup();
}

/** What a follower gives the pass that builds its partition from nothing. */
export interface PartitionBuild {
  readonly eventStore: EventStore;
  readonly inventory: StreamInventory;
  /** The read models built together: each group is committed for all of them. */
  readonly projections: readonly Projection[];
  readonly partition: number;
  readonly partitions: number;
  readonly groupSize: number;
  /** Where an earlier build of the partition stopped (a process killed, or a partition handed over). */
  readonly resume?: BuildProgress | null;
  /** Commits a group (it is no point of the store: the checkpoint stays), with the progress it makes. */
  readonly commitGroup: (events: RecordedEvent[], progress: BuildProgress) => Promise<void>;
}

/**
 * A partition with nothing applied (a first start, a new layout or partition count) is built as a rebuild
 * builds it: its own streams only, each read whole and its chain checked from the start, a group of
 * streams at a time, instead of every event of the store in store order, which rewrites a patient's
 * documents for nearly every event of theirs. Each group's commit stores how far the build has come, and a
 * build that finds such progress goes on from it: up to the same position, past the streams already done
 * (their chains were checked when they were read). Answers the progress at the end (null: an empty store);
 * throws IntegrityViolationError at the first event that does not verify.
 */
export async function buildPartition(build: PartitionBuild): Promise<BuildProgress | null> {
  const { partition, partitions, projections, resume } = build;
  const last = resume ? parsePosition(resume.end) : build.inventory.lastPosition;
  if (!last) return null;
  const end = formatPosition(last);
  const chains = new ChainTails();
  // Resumed, the context streams are read again but were counted; a stream under way may be counted twice.
  let eventsRead = resume?.eventsRead ?? 0;
  const counts = (streamId: string): boolean =>
    !resume || !projections.some((p) => p.context?.streams(streamId) ?? false);
  let streamsDone = resume?.streamsDone ?? 0;
  await projectStreamByStream({
    eventStore: build.eventStore,
    inventory: build.inventory,
    end: last,
    skipStreams: streamsDone,
    projections,
    includes: (streamId) => partitions === 1 || partitionOfStream(streamId, partitions) === partition,
    groupSize: build.groupSize,
    verified: (events) => {
      for (const event of events) chains.acceptFromStart(event);
      return events;
    },
    onRead: (streamId, events) => {
      if (counts(streamId)) eventsRead += events;
    },
    project: (events, done) => {
      streamsDone = done;
      return build.commitGroup(events, { end, streamsDone, eventsRead });
    },
  });
  return { end, streamsDone, eventsRead };
}
