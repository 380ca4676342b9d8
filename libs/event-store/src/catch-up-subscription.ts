import { EventEmitter } from 'node:events';
import type { GlobalPosition } from './position';
import type {
  ReadAllOptions,
  ReadAllPage,
  SubscribeOptions,
  Subscription,
  SubscriptionMessage,
} from './port';

const PAGE_SIZE = 512;

/**
 * Catch-up then live subscription for stores that live in this process or in a file: it reads pages
 * after the last delivered position, signals `caught_up` once, then waits for an append notification
 * (or a poll tick, for appends made by other processes on the same file) and reads again.
 * Each event is yielded and fully handled by the consumer (`for await`) before the next is read.
 */
export function catchUpSubscription(
  readAll: (options: ReadAllOptions) => Promise<ReadAllPage>,
  appended: EventEmitter,
  options: SubscribeOptions,
  pollIntervalMs: number,
): Subscription {
  let closed = false;
  let wake: (() => void) | undefined;
  // An append announced while the consumer was busy with the last page must not wait for the poll.
  let appendedSinceRead = false;
  const onAppend = (): void => {
    appendedSinceRead = true;
    wake?.();
  };
  appended.on('appended', onAppend);

  const sleepUntilAppend = (): Promise<void> =>
    new Promise((resolve) => {
      if (appendedSinceRead) {
        resolve();
        return;
      }
      const timer = setTimeout(done, pollIntervalMs);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function* messages(): AsyncGenerator<SubscriptionMessage> {
    let after: GlobalPosition | undefined = options.after;
    let caughtUp = false;
    try {
      while (!closed) {
        appendedSinceRead = false;
        const page = await readAll({ after, maxCount: PAGE_SIZE, filter: options.filter });
        for (const event of page.events) {
          if (closed) return;
          yield { kind: 'event', event };
        }
        if (page.lastPosition) after = page.lastPosition;
        if (page.isEnd) {
          if (!caughtUp) {
            caughtUp = true;
            yield { kind: 'caught_up' };
          }
          if (!closed) await sleepUntilAppend();
        }
      }
    } finally {
      appended.off('appended', onAppend);
    }
  }

  const iterator = messages();
  return {
    [Symbol.asyncIterator]: () => iterator,
    async close() {
      if (closed) return;
      closed = true;
      wake?.();
      appended.off('appended', onAppend);
    },
  };
}
