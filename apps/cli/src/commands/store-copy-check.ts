import { checkAnchor, latestAnchor, verifyAllStreams, type AnchorKey, type ChainBreak } from '@ccm/audit';
import { formatPosition, SqliteEventStore, sqliteIntegrityProblems } from '@ccm/event-store';
import type { CliIo } from '../cli-command';
import { ProgressBar } from '../progress';

export type AnchorReport =
  | { readonly checked: false; readonly reason: string }
  | { readonly checked: true; readonly ok: boolean; readonly upToPosition: string; readonly reason?: string };

/** What a copy of the event store was checked for: the file, every hash chain, the latest anchor. */
export interface CopyCheck {
  readonly ok: boolean;
  /** `ok`, or what `PRAGMA integrity_check` found. */
  readonly integrity: 'ok' | readonly string[];
  readonly chains?: {
    readonly ok: boolean;
    readonly eventsChecked: number;
    readonly streamsChecked: number;
    readonly firstBreak?: ChainBreak;
  };
  readonly anchor?: AnchorReport;
}

/**
 * Checks a copy of the SQLite event store as `audit verify` and `audit anchor check` check the store:
 * SQLite's integrity check of the file, then every hash chain recomputed, then the latest anchor recorded
 * in it checked against the heads (when CCM_ANCHOR_KEY can check its signature).
 */
export async function checkStoreCopy(
  filename: string,
  io: CliIo,
  anchorKey: AnchorKey | undefined,
): Promise<CopyCheck> {
  const problems = sqliteIntegrityProblems(filename);
  if (problems.length > 0) return { ok: false, integrity: problems };
  const store = new SqliteEventStore({ filename });
  try {
    const bar = new ProgressBar(io.stderr, 'verifying the copy');
    const walk = await verifyAllStreams(store, { onProgress: (p) => bar.update(p.eventsChecked) });
    bar.finish(walk.eventsChecked);
    const chains = {
      ok: walk.ok,
      eventsChecked: walk.eventsChecked,
      streamsChecked: walk.streamsChecked,
      ...(walk.firstBreak ? { firstBreak: walk.firstBreak } : {}),
    };
    if (!walk.ok) return { ok: false, integrity: 'ok', chains };
    const anchor = await checkLatestAnchor(store, anchorKey);
    return { ok: !anchor.checked || anchor.ok, integrity: 'ok', chains, anchor };
  } finally {
    await store.close();
  }
}

async function checkLatestAnchor(store: SqliteEventStore, key: AnchorKey | undefined): Promise<AnchorReport> {
  const anchor = await latestAnchor(store);
  if (!anchor) return { checked: false, reason: 'no anchor recorded' };
  if (!key) return { checked: false, reason: 'CCM_ANCHOR_KEY is not set' };
  const result = await checkAnchor(store, anchor, [key]);
  return result.ok
    ? { checked: true, ok: true, upToPosition: anchor.upToPosition }
    : { checked: true, ok: false, upToPosition: anchor.upToPosition, reason: result.reason };
}

/** One line for stderr saying why a copy failed its check. */
export function describeFailedCheck(check: CopyCheck): string {
  if (check.integrity !== 'ok') return `SQLite integrity check: ${check.integrity.join('; ')}`;
  const broken = check.chains?.firstBreak;
  if (broken)
    return `${broken.kind.replace(/_/g, ' ')} in stream ${broken.streamId} at revision ${broken.revision}`;
  if (check.anchor?.checked && !check.anchor.ok)
    return `the latest anchor (up to ${check.anchor.upToPosition}) does not check: ${check.anchor.reason ?? ''}`;
  return 'verification failed';
}

export const positionText = (position: Parameters<typeof formatPosition>[0] | undefined): string | null =>
  position === undefined ? null : formatPosition(position);
