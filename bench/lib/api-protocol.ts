/** What bench/api-commands.ts and its server process (bench/lib/api-server.ts) say to each other. */
export type ServerKind = 'product' | 'bare';

/**
 * `memory`: answer process.memoryUsage(), after a full collection when `gc` and node runs with --expose-gc;
 * `snapshot`: write heap snapshots named after `prefix` (see api-server.ts writeSnapshots).
 */
export type ToServer =
  | { readonly type: 'stop' }
  | { readonly type: 'memory'; readonly gc?: boolean }
  | { readonly type: 'snapshot'; readonly prefix: string }
  /** How long until the embedded projector has applied every event appended so far (at most timeoutMs). */
  | { readonly type: 'catch-up'; readonly timeoutMs: number };

/** process.memoryUsage() of the server, in bytes, and whether a full collection ran before it. */
export interface MemoryUsageReport {
  readonly rss: number;
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
  readonly collected: boolean;
}

export type FromServer =
  | { readonly type: 'ready'; readonly port: number }
  /** `catchUpMs`: how long after the load the read models had applied every command (embedded projector). */
  | { readonly type: 'stopped'; readonly maxRssKb: number; readonly catchUpMs?: number }
  | { readonly type: 'memory'; readonly usage: MemoryUsageReport }
  | { readonly type: 'snapshot'; readonly files: readonly string[] }
  /** `ms` is undefined without an embedded projector, null when it had not caught up in time (NaN over IPC). */
  | { readonly type: 'caught-up'; readonly ms?: number | null }
  | { readonly type: 'failed'; readonly message: string };

/** The moment the product's clock is pinned to: 12:00 in Chicago on 31 March 2026. */
export const BENCH_NOW = '2026-03-31T17:00:00Z';
export const BENCH_SECRET = 'bench-secret-that-is-long-enough-for-production-rules';
export const BENCH_PRACTICE = 'bench';
