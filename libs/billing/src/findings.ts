import type { BilledCode, NotBillable, ReasonCode } from './decision';

/** Where a reason is listed: gates first, then excluded entries in time order, then refused codes. */
export type FindingGroup = 'gate' | 'entry' | 'code';

export interface Finding extends NotBillable {
  detail?: string;
}

/** Accumulates codes, reasons (deduplicated on reason + ref) and trace lines while a month is decided. */
export class Findings {
  private readonly groups: Record<FindingGroup, NotBillable[]> = { gate: [], entry: [], code: [] };
  private readonly keys = new Set<string>();
  private readonly billed = new Map<string, number>();
  readonly trace: string[] = [];

  refuse(group: FindingGroup, reason: ReasonCode, rule: string, ref?: string): void {
    const key = ref === undefined ? reason : `${reason}:${ref}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.groups[group].push(ref === undefined ? { reason, rule } : { reason, ref, rule });
  }

  has(reason: ReasonCode, ref?: string): boolean {
    return this.keys.has(ref === undefined ? reason : `${reason}:${ref}`);
  }

  /** True when some reason already names `ref` (a refused code is explained once). */
  explains(ref: string): boolean {
    return this.reasons().some((r) => r.ref === ref);
  }

  /** A fallback track may repeat a gate's finding word for word; the trace says it once. */
  note(line: string): void {
    if (!this.trace.includes(line)) this.trace.push(line);
  }

  bill(code: string, units: number): void {
    if (units > 0) this.billed.set(code, (this.billed.get(code) ?? 0) + units);
  }

  drop(code: string): void {
    this.billed.delete(code);
  }

  isBilled(code: string): boolean {
    return this.billed.has(code);
  }

  codes(): BilledCode[] {
    return [...this.billed.entries()]
      .map(([code, units]) => ({ code, units }))
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }

  reasons(): NotBillable[] {
    return [...this.groups.gate, ...this.groups.entry, ...this.groups.code];
  }
}
