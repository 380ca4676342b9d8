/** How far a rebuild is, as `onProgress` receives it. */
export interface RebuildProgress {
  readonly phase: 'counting' | 'projecting' | 'switching' | 'done';
  readonly projections: readonly string[];
  readonly eventsDone: number;
  /** Counted before projecting; grows if events keep arriving meanwhile. */
  readonly eventsTotal: number;
  readonly eventsPerSecond: number;
  /** Estimate from the rate so far; null until there is a rate. */
  readonly secondsLeft: number | null;
  readonly elapsedMs: number;
}

/** Counts a rebuild's events and reports them at most every `intervalMs` (unless forced). */
export class RebuildProgressReporter {
  done = 0;
  total = 0;
  private readonly started = Date.now();
  private projectingSince = this.started;
  private projectedUntil = this.started;
  private lastReport = 0;

  constructor(
    private readonly projections: readonly string[],
    private readonly onProgress: ((progress: RebuildProgress) => void) | undefined,
    private readonly intervalMs = 250,
  ) {}

  startProjecting(): void {
    this.projectingSince = Date.now();
    this.report('projecting', true);
  }

  report(phase: RebuildProgress['phase'], force = false): void {
    const now = Date.now();
    // The rate is the projecting's: switching (and the wait before old versions are dropped) is not.
    if (phase === 'projecting') this.projectedUntil = now;
    if (!this.onProgress || (!force && now - this.lastReport < this.intervalMs)) return;
    this.lastReport = now;
    const seconds = (this.projectedUntil - this.projectingSince) / 1000;
    const rate = phase === 'counting' || seconds <= 0 ? 0 : this.done / seconds;
    this.total = Math.max(this.total, this.done);
    this.onProgress({
      phase,
      projections: this.projections,
      eventsDone: this.done,
      eventsTotal: this.total,
      eventsPerSecond: Math.round(rate),
      secondsLeft: rate > 0 ? Math.max(0, (this.total - this.done) / rate) : null,
      elapsedMs: now - this.started,
    });
  }
}
