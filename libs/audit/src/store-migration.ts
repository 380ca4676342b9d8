import { STREAM_PREFIX, type UserRole } from '@ccm/domain';
import {
  formatPosition,
  MAX_PAGE_SIZE,
  parsePosition,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@ccm/event-store';
import { appendToChain, type Clock } from '@ccm/record';
import { randomUUID } from 'node:crypto';
import { ANCHOR_EVENT_TYPE, ANCHOR_STREAM, type Anchor } from './anchors';
import { presentOnTarget, runsOf, toNewEvent } from './copy-runs';
import {
  MigrationRefusedError,
  migrationRecord,
  MIGRATION_STREAM,
  type AnchoredEvent,
  type MigrationEvent,
  type MigrationSource,
} from './migration-record';

export interface MigrationPlan {
  readonly source: MigrationSource;
  readonly anchors: number;
  /** What the target holds: nothing, an unfinished or finished migration, or events of its own. */
  readonly target:
    | { readonly state: 'empty' }
    | { readonly state: 'partial'; readonly eventsCopied: number; readonly upToSourcePosition: string | null }
    | { readonly state: 'complete'; readonly eventsCopied: number }
    | { readonly state: 'not-empty' };
}

export interface MigrationOptions {
  readonly sourceKind: string;
  /** The source as a plan just described it; read again when absent. */
  readonly described?: SourceDescription;
  readonly clock: Clock;
  /** Who runs the migration (recorded on the target with each of its events). */
  readonly userId: string;
  /** Events between two progress records (a killed run copies at most this many again, idempotently). */
  readonly progressEvery?: number;
  readonly onProgress?: (copied: number, total: number) => void;
  /** Tests: stop as a kill would, after this many events were appended in this run. */
  readonly haltAfter?: number;
}

export interface MigrationReport {
  readonly eventsCopied: number;
  readonly eventsSkipped: number;
  readonly anchorsTranslated: number;
  readonly resumedFrom: string | null;
}

export class MigrationHaltedError extends Error {
  override readonly name = 'MigrationHaltedError';
}

async function* everyEvent(store: EventStore, after?: GlobalPosition): AsyncGenerator<RecordedEvent[]> {
  for (;;) {
    const page = await store.readAll({
      after,
      maxCount: MAX_PAGE_SIZE,
      filter: { streamPrefixes: [STREAM_PREFIX] },
    });
    if (page.events.length > 0) yield [...page.events];
    after = page.lastPosition ?? after;
    if (page.isEnd) return;
  }
}

/** What the source holds, and its anchors: one whole read of it. */
export interface SourceDescription {
  readonly source: MigrationSource;
  readonly anchors: readonly Anchor[];
}

export async function describeSource(source: EventStore, kind: string): Promise<SourceDescription> {
  let events = 0;
  let lastPosition: GlobalPosition | undefined;
  const streams = new Set<string>();
  const anchors: Anchor[] = [];
  for await (const page of everyEvent(source)) {
    for (const event of page) {
      events += 1;
      streams.add(event.streamId);
      lastPosition = event.position;
      if (event.streamId === ANCHOR_STREAM && event.type === ANCHOR_EVENT_TYPE)
        anchors.push(event.data as unknown as Anchor);
    }
  }
  return {
    source: {
      kind,
      events,
      streams: streams.size,
      lastPosition: lastPosition ? formatPosition(lastPosition) : null,
    },
    anchors,
  };
}

async function targetState(target: EventStore): Promise<MigrationPlan['target']> {
  const record = await migrationRecord(target);
  if (record.length === 0) {
    const any = await target.readAll({ maxCount: 1, filter: { streamPrefixes: [STREAM_PREFIX] } });
    return any.events.length === 0 ? { state: 'empty' } : { state: 'not-empty' };
  }
  const last = record[record.length - 1];
  if (last.type === 'StoreMigrationCompleted')
    return { state: 'complete', eventsCopied: Number(last.data.eventsCopied) };
  const progress = [...record].reverse().find((e) => e.type === 'StoreMigrationProgressed');
  return {
    state: 'partial',
    eventsCopied: progress ? Number(progress.data.eventsCopied) : 0,
    upToSourcePosition: progress ? String(progress.data.upToSourcePosition) : null,
  };
}

/** What a migration would copy, and what the target holds: reads both stores, writes nothing. */
export async function planMigration(
  source: EventStore,
  target: EventStore,
  sourceKind: string,
  /** The source as already described (a run that plans, then copies, reads it once). */
  described?: SourceDescription,
): Promise<MigrationPlan> {
  const { source: held, anchors } = described ?? (await describeSource(source, sourceKind));
  return { source: held, anchors: anchors.length, target: await targetState(target) };
}

/**
 * Copies every event of the source into the target in the source's order, with its id, stream revision,
 * type, data and metadata (so every hash chain is the same chain), recording its progress on the target
 * as it goes. A run killed midway is started again: it resumes from the last progress recorded, finds
 * the events copied after it already there (each checked by id) and goes on. The target must be empty,
 * or hold an unfinished migration; the source must not be written to meanwhile (stop the api first).
 */
export async function migrateStore(
  source: EventStore,
  target: EventStore,
  options: MigrationOptions,
): Promise<MigrationReport> {
  const state = await targetState(target);
  if (state.state === 'not-empty')
    throw new MigrationRefusedError(
      'the target store holds events no migration wrote: migrate into an empty store',
    );
  if (state.state === 'complete')
    throw new MigrationRefusedError('the target already holds a completed migration');
  const { source: described, anchors } =
    options.described ?? (await describeSource(source, options.sourceKind));
  const record = (events: MigrationEvent[]) =>
    appendToChain(target, MIGRATION_STREAM, events, {
      context: {
        actor: { userId: options.userId, role: 'admin' as UserRole, practiceId: '*' },
        correlationId: randomUUID(),
        causationId: randomUUID(),
      },
      clock: options.clock,
      timeZone: 'UTC',
    });
  if (state.state === 'empty') await record([{ type: 'StoreMigrationStarted', data: { source: described } }]);
  const earlier = state.state === 'partial' ? await migrationRecord(target) : [];
  const found: AnchoredEvent[] = earlier.flatMap((e) =>
    e.type === 'StoreMigrationProgressed' ? (e.data.anchorEvents as unknown as AnchoredEvent[]) : [],
  );
  const wanted = new Set(anchors.filter((a) => a.eventCount > 0).map((a) => a.upToPosition));
  const resumedFrom = state.state === 'partial' ? state.upToSourcePosition : null;
  const progressEvery = options.progressEvery ?? 10_000;
  let copied = state.state === 'partial' ? state.eventsCopied : 0;
  let skipped = 0;
  let appended = 0;
  let sinceProgress = 0;
  let newlyFound: AnchoredEvent[] = [];
  // After a kill, events past the last progress record may be on the target already: until the first one
  // that is not, each run is looked for there.
  let checking = state.state === 'partial';
  let lastCopied: GlobalPosition | undefined = resumedFrom ? parsePosition(resumedFrom) : undefined;
  for await (const page of everyEvent(source, lastCopied)) {
    for (const run of runsOf(page.filter((e) => e.streamId !== MIGRATION_STREAM))) {
      let pending = run;
      if (checking) {
        const present = await presentOnTarget(target, run);
        skipped += present;
        pending = run.slice(present);
        if (pending.length > 0) checking = false;
      }
      if (pending.length > 0) {
        const first = pending[0].revision;
        await target.append(
          run[0].streamId,
          pending.map(toNewEvent),
          first === 0n ? 'no_stream' : first - 1n,
        );
        appended += pending.length;
      }
      for (const event of run) {
        const at = formatPosition(event.position);
        if (wanted.has(at))
          newlyFound.push({
            sourcePosition: at,
            streamId: event.streamId,
            revision: event.revision.toString(),
          });
      }
      copied += run.length;
      sinceProgress += run.length;
      lastCopied = run[run.length - 1].position;
      options.onProgress?.(copied, described.events);
      if (options.haltAfter !== undefined && appended >= options.haltAfter)
        throw new MigrationHaltedError(`halted after ${appended} events, as asked`);
      if (sinceProgress >= progressEvery) {
        await record([
          {
            type: 'StoreMigrationProgressed',
            data: {
              upToSourcePosition: formatPosition(lastCopied),
              eventsCopied: copied,
              anchorEvents: newlyFound,
            },
          },
        ]);
        found.push(...newlyFound);
        newlyFound = [];
        sinceProgress = 0;
      }
    }
  }
  found.push(...newlyFound);
  const translations = [];
  for (const anchor of anchors) {
    translations.push({
      signature: anchor.signature,
      upToPosition: await targetPositionOf(target, anchor, found),
    });
  }
  await record([
    {
      type: 'StoreMigrationCompleted',
      data: {
        eventsCopied: copied,
        lastSourcePosition: lastCopied ? formatPosition(lastCopied) : null,
        anchors: translations,
      },
    },
  ]);
  return {
    eventsCopied: copied,
    eventsSkipped: skipped,
    anchorsTranslated: translations.length,
    resumedFrom,
  };
}

/** The target position of the last event an anchor covers ('0/0' for an anchor of an empty store). */
async function targetPositionOf(
  target: EventStore,
  anchor: Anchor,
  found: readonly AnchoredEvent[],
): Promise<string> {
  if (anchor.eventCount === 0) return '0/0';
  const event = found.find((f) => f.sourcePosition === anchor.upToPosition);
  if (!event)
    throw new MigrationRefusedError(
      `the event anchor ${anchor.signature.slice(0, 12)} covers up to was not copied`,
    );
  const [there] = await target.readStream(event.streamId, {
    fromRevision: BigInt(event.revision),
    maxCount: 1,
  });
  if (!there)
    throw new MigrationRefusedError(
      `stream ${event.streamId} revision ${event.revision} is missing on the target`,
    );
  return formatPosition(there.position);
}
