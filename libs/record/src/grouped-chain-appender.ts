import { GENESIS_HASH } from '@ccm/domain';
import { WrongExpectedVersionError, type EventStore, type NewEvent } from '@ccm/event-store';
import { envelope, type RequestContext } from './event-envelope';

/** One system event to append (an access log entry), with its own attribution and time. */
export interface ChainEntry {
  readonly type: string;
  readonly data: object;
  readonly context: RequestContext;
  readonly recordedAt: Date;
}

interface Waiting {
  readonly entry: ChainEntry;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface StreamQueue {
  waiting: Waiting[];
  /** The stream's end after this process's last append to it; unknown until read. */
  head?: { readonly revision: bigint; readonly hash: string };
}

export interface GroupedChainAppenderOptions {
  /** Entries in one append at most. */
  readonly maxGroup?: number;
  /** Attempts of one group when another process appends to the same stream at the same moment. */
  readonly maxAttempts?: number;
  readonly timeZone?: string;
  /** Told when another process appended to a stream at the same moment (the group is then retried). */
  readonly onConflict?: (streamId: string) => void;
}

/**
 * Appends system events (access log entries) to the end of their stream, continuing its hash chain, in
 * groups: while one append to a stream is being written, the entries that arrive for it wait and go
 * together in the next, each event with its own attribution and its link to the one before. Writers in
 * this process never race each other for a stream's end (fifty readers of one patient are one or two
 * appends, not fifty appends retried against each other); only another process appending to the same
 * stream makes a group read the end again and retry. Each entry resolves once its group is stored, and
 * is in exactly one stored append.
 */
export class GroupedChainAppender {
  private readonly queues = new Map<string, StreamQueue>();

  constructor(
    private readonly store: EventStore,
    private readonly options: GroupedChainAppenderOptions = {},
  ) {}

  append(streamId: string, entry: ChainEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const queue = this.queues.get(streamId);
      if (queue) {
        // A group is being written: this entry goes in the next one.
        queue.waiting.push({ entry, resolve, reject });
        return;
      }
      const fresh: StreamQueue = { waiting: [{ entry, resolve, reject }] };
      this.queues.set(streamId, fresh);
      void this.drain(streamId, fresh);
    });
  }

  /** Writes the stream's waiting entries group by group until none is left, then forgets the stream. */
  private async drain(streamId: string, queue: StreamQueue): Promise<void> {
    const maxGroup = this.options.maxGroup ?? 500;
    while (queue.waiting.length > 0) {
      const group = queue.waiting.splice(0, maxGroup);
      try {
        await this.write(
          streamId,
          queue,
          group.map((w) => w.entry),
        );
        for (const waiting of group) waiting.resolve();
      } catch (error) {
        queue.head = undefined;
        for (const waiting of group) waiting.reject(error);
      }
    }
    this.queues.delete(streamId);
  }

  private async write(streamId: string, queue: StreamQueue, entries: readonly ChainEntry[]): Promise<void> {
    const attempts = this.options.maxAttempts ?? 10;
    for (let attempt = 1; ; attempt++) {
      queue.head ??= await this.readHead(streamId);
      const events = this.stamp(streamId, queue.head, entries);
      try {
        const result = await this.store.append(streamId, events, queue.head?.revision ?? 'no_stream');
        queue.head = {
          revision: result.nextExpectedRevision,
          hash: String(events[events.length - 1].metadata.hash),
        };
        return;
      } catch (error) {
        // Another process appended to the stream: read its end again.
        queue.head = undefined;
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        this.options.onConflict?.(streamId);
        if (attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  private async readHead(streamId: string): Promise<StreamQueue['head']> {
    const [last] = await this.store.readStream(streamId, { maxCount: 1, direction: 'backwards' });
    if (!last) return undefined;
    return {
      revision: last.revision,
      hash: typeof last.metadata.hash === 'string' ? last.metadata.hash : GENESIS_HASH,
    };
  }

  /** Each entry enveloped with its own context, linked to the one before it. */
  private stamp(streamId: string, head: StreamQueue['head'], entries: readonly ChainEntry[]): NewEvent[] {
    let revision = head === undefined ? -1 : Number(head.revision);
    let previousHash = head?.hash ?? GENESIS_HASH;
    return entries.map((entry) => {
      const [event] = envelope({
        streamId,
        streamRevision: revision,
        previousHash,
        events: [{ type: entry.type, data: entry.data }],
        context: entry.context,
        recordedAt: entry.recordedAt,
        timeZone: this.options.timeZone ?? 'UTC',
      });
      revision += 1;
      previousHash = String(event.metadata.hash);
      return event;
    });
  }
}
