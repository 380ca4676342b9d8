import type { EventStore, GlobalPosition } from '@ccm/event-store';
import type { Clock } from '@ccm/record';
import { ANCHOR_STREAM, appendAnchor, type Anchor, type AnchorKey } from './anchors';
import { ChainFollower, verifyAllStreams, type ChainBreak } from './verify-chain';

export type AnchorTick =
  | { readonly outcome: 'anchored'; readonly anchor: Anchor }
  | { readonly outcome: 'unchanged' }
  | { readonly outcome: 'broken'; readonly firstBreak: ChainBreak };

/**
 * Periodic anchors without re-reading the store each time: the first tick verifies every chain from the
 * start, later ticks only the events written since, and an anchor is signed only when something new was
 * recorded. A broken chain is never anchored, and is reported on every tick until an operator acts.
 */
export class IncrementalAnchorer {
  private readonly follower = new ChainFollower();
  private after: GlobalPosition | undefined;
  private eventsChecked = 0;
  private recordEventsSinceAnchor = 0;
  private broken: ChainBreak | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly key: AnchorKey,
    private readonly clock: Clock,
  ) {}

  async tick(): Promise<AnchorTick> {
    if (this.broken) return { outcome: 'broken', firstBreak: this.broken };
    const walk = await verifyAllStreams(this.store, {
      resume: { follower: this.follower, after: this.after },
      onEvent: (event) => {
        if (event.streamId !== ANCHOR_STREAM) this.recordEventsSinceAnchor++;
      },
    });
    if (walk.firstBreak) {
      this.broken = walk.firstBreak;
      return { outcome: 'broken', firstBreak: walk.firstBreak };
    }
    this.eventsChecked += walk.eventsChecked;
    this.after = walk.lastPosition ?? this.after;
    if (this.recordEventsSinceAnchor === 0) return { outcome: 'unchanged' };
    const anchor = await appendAnchor(this.store, this.key, this.clock, {
      heads: this.follower.headsSnapshot(),
      lastPosition: this.after,
      eventsChecked: this.eventsChecked,
    });
    this.recordEventsSinceAnchor = 0;
    return { outcome: 'anchored', anchor };
  }
}

export interface AnchorScheduleLogger {
  log(message: string): void;
  error(message: string): void;
}

/**
 * Runs the anchorer every `intervalMs`, never two ticks at once; `stop` waits for a tick in progress.
 * `onTick` sees every result (the api reports a broken chain in /health).
 */
export function startAnchorSchedule(
  anchorer: IncrementalAnchorer,
  intervalMs: number,
  logger: AnchorScheduleLogger,
  onTick?: (result: AnchorTick) => void,
): { stop(): Promise<void> } {
  let current: Promise<void> | undefined;
  let stopped = false;
  const report = (result: AnchorTick): void => {
    onTick?.(result);
    if (result.outcome === 'anchored')
      logger.log(`anchor signed up to ${result.anchor.upToPosition} (${result.anchor.streamCount} streams)`);
    if (result.outcome === 'broken')
      logger.error(
        `not anchoring: a hash chain is broken (${result.firstBreak.kind} at revision ${result.firstBreak.revision}); run audit verify`,
      );
  };
  const tick = (): void => {
    if (stopped || current) return;
    current = anchorer
      .tick()
      .then(report, (error: unknown) =>
        logger.error(`anchor failed: ${error instanceof Error ? error.name : 'error'}`),
      )
      .finally(() => {
        current = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
