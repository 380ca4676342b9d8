const count = (n: number) => n.toLocaleString('en-US');

/**
 * A one-line progress bar on stderr (done, rate, and time left when the total is known), drawn only when
 * stderr is a terminal. Into a file or a pipe it writes nothing while working and, unless told not to, one
 * summary line at the end: redirected logs get no carriage returns or escape codes.
 */
export class ProgressBar {
  private readonly started = Date.now();
  private readonly interactive: boolean;
  private lastDraw = 0;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly label: string,
    private readonly total?: number,
    private readonly options: { readonly summary?: boolean } = {},
  ) {
    this.interactive = (out as { isTTY?: boolean }).isTTY === true;
  }

  update(done: number, force = false): void {
    if (!this.interactive) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const rate = done / this.seconds(now);
    let line = `${this.label}: ${count(done)}`;
    if (this.total !== undefined && this.total > 0) {
      const share = Math.min(done / this.total, 1);
      const width = 24;
      const filled = Math.round(share * width);
      const left = rate > 0 ? Math.max(this.total - done, 0) / rate : 0;
      line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count(done)}/${count(this.total)}  ${count(Math.round(rate))}/s  ${left.toFixed(0)}s left`;
    } else {
      line += `  ${count(Math.round(rate))}/s`;
    }
    this.out.write(`\r${line}\u001b[K`);
  }

  finish(done: number): void {
    if (this.interactive) {
      this.update(done, true);
      this.out.write('\n');
      return;
    }
    if (this.options.summary === false) return;
    const seconds = this.seconds(Date.now());
    this.out.write(
      `${this.label}: ${count(done)} in ${seconds.toFixed(1)}s (${count(Math.round(done / seconds))}/s)\n`,
    );
  }

  private seconds(now: number): number {
    return Math.max((now - this.started) / 1000, 0.001);
  }
}
