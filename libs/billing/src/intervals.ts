/** Half-open minute intervals `[start, end)`; sets are kept sorted, disjoint and non-empty. */
export type Interval = readonly [number, number];
export type IntervalSet = readonly Interval[];

export const EMPTY: IntervalSet = [];

export function interval(start: number, end: number): IntervalSet {
  return end > start ? [[start, end]] : EMPTY;
}

export function normalize(intervals: readonly Interval[]): IntervalSet {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export function union(a: IntervalSet, b: IntervalSet): IntervalSet {
  return normalize([...a, ...b]);
}

export function intersect(a: IntervalSet, b: IntervalSet): IntervalSet {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i][0], b[j][0]);
    const e = Math.min(a[i][1], b[j][1]);
    if (e > s) out.push([s, e]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

export function subtract(a: IntervalSet, b: IntervalSet): IntervalSet {
  const out: Interval[] = [];
  for (const [s0, e0] of a) {
    let s = s0;
    for (const [bs, be] of b) {
      if (be <= s || bs >= e0) continue;
      if (bs > s) out.push([s, bs]);
      s = Math.max(s, be);
      if (s >= e0) break;
    }
    if (s < e0) out.push([s, e0]);
  }
  return out;
}

export function length(set: IntervalSet): number {
  return set.reduce((sum, [s, e]) => sum + (e - s), 0);
}

/**
 * The minute at which the running count of minutes reaches `n` (1-based), walking time forward.
 * Intervals may overlap (a pool that sums concurrent time, TIME-10 policy); each layer then counts.
 */
export function nthMinute(intervals: readonly Interval[], n: number): number | null {
  if (n <= 0) return null;
  const events: [number, number][] = [];
  for (const [s, e] of intervals) {
    if (e > s) events.push([s, 1], [e, -1]);
  }
  events.sort((x, y) => x[0] - y[0]);
  let depth = 0;
  let counted = 0;
  for (let k = 0; k < events.length; k++) {
    depth += events[k][1];
    const next = events[k + 1];
    if (!next || depth <= 0) continue;
    const span = next[0] - events[k][0];
    if (counted + depth * span >= n) return events[k][0] + Math.ceil((n - counted) / depth) - 1;
    counted += depth * span;
  }
  return null;
}
