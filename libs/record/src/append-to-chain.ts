import { GENESIS_HASH } from '@ccm/domain';
import { WrongExpectedVersionError, type AppendResult, type EventStore } from '@ccm/event-store';
import type { Clock } from './clock';
import { envelope, type RequestContext } from './event-envelope';

/**
 * Appends system events (access log entries, audit anchors) to the end of a stream, continuing its hash
 * chain. No decision depends on the stream's state, so a conflict is simply retried at the new end.
 */
export async function appendToChain(
  store: EventStore,
  streamId: string,
  events: readonly { type: string; data: object; occurredAt?: string }[],
  options: { context: RequestContext; clock: Clock; timeZone: string; maxAttempts?: number },
): Promise<AppendResult> {
  const attempts = options.maxAttempts ?? 10;
  for (let attempt = 1; ; attempt++) {
    const [last] = await store.readStream(streamId, { maxCount: 1, direction: 'backwards' });
    const stamped = envelope({
      streamId,
      streamRevision: last ? Number(last.revision) : -1,
      previousHash: last && typeof last.metadata.hash === 'string' ? last.metadata.hash : GENESIS_HASH,
      events,
      context: options.context,
      recordedAt: options.clock.now(),
      timeZone: options.timeZone,
    });
    try {
      return await store.append(streamId, stamped, last ? last.revision : 'no_stream');
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** attempt));
    }
  }
}
