/** A one-line progress bar on stderr: done, rate, and time left when the total is known. */
export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly label: string,
    private readonly total?: number,
  ) {}

  update(done: number, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = done / seconds;
    let line = `${this.label}: ${done.toLocaleString('en-US')}`;
    if (this.total !== undefined && this.total > 0) {
      const share = Math.min(done / this.total, 1);
      const width = 24;
      const filled = Math.round(share * width);
      const left = rate > 0 ? Math.max(this.total - done, 0) / rate : 0;
      line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')}  ${Math.round(rate).toLocaleString('en-US')}/s  ${left.toFixed(0)}s left`;
    } else {
      line += `  ${Math.round(rate).toLocaleString('en-US')}/s`;
    }
    this.out.write(`\r${line}\u001b[K`);
  }

  finish(done: number): void {
    this.update(done, true);
    this.out.write('\n');
  }
}
