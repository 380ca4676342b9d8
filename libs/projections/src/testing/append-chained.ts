import type { AppendResult, EventStore } from '@ccm/event-store';
import { appendToChain } from '@ccm/record';

/**
 * Appends events to the end of a stream as the system does, continuing its hash chain (a rebuild checks
 * every chain), for specs that need events no command makes: noise, a practice change at a set moment.
 */
export function appendChained(
  store: EventStore,
  streamId: string,
  events: readonly { type: string; data: object }[],
): Promise<AppendResult> {
  return appendToChain(store, streamId, events, {
    context: {
      actor: { userId: 'spec', role: 'admin', practiceId: 'spec' },
      correlationId: 'spec',
      causationId: 'spec',
    },
    clock: { now: () => new Date('2026-03-31T17:00:00Z') },
    timeZone: 'UTC',
  });
}
