/** What bench/api-commands.ts and its server process (bench/lib/api-server.ts) say to each other. */
export type ServerKind = 'product' | 'bare';

export type ToServer = { readonly type: 'stop' };
export type FromServer =
  | { readonly type: 'ready'; readonly port: number }
  /** `catchUpMs`: how long after the load the read models had applied every command (embedded projector). */
  | { readonly type: 'stopped'; readonly maxRssKb: number; readonly catchUpMs?: number }
  | { readonly type: 'failed'; readonly message: string };

/** The moment the product's clock is pinned to: 12:00 in Chicago on 31 March 2026. */
export const BENCH_NOW = '2026-03-31T17:00:00Z';
export const BENCH_SECRET = 'bench-secret-that-is-long-enough-for-production-rules';
export const BENCH_PRACTICE = 'bench';
