import { STREAM_PREFIX } from '@ccm/domain';
import type { EventStore, RecordedEvent } from '@ccm/event-store';
import { readWholeStream } from '@ccm/record';

/**
 * The target store's own record of a migration: when it started and from what, how far it got (a run
 * killed midway resumes from there) and, at the end, where each anchor copied from the source now points.
 */
export const MIGRATION_STREAM = `${STREAM_PREFIX}store.migration`;

export interface MigrationSource {
  readonly kind: string;
  readonly events: number;
  readonly streams: number;
  readonly lastPosition: string | null;
}

export type MigrationEvent =
  | { readonly type: 'StoreMigrationStarted'; readonly data: { readonly source: MigrationSource } }
  | {
      readonly type: 'StoreMigrationProgressed';
      readonly data: {
        readonly upToSourcePosition: string;
        readonly eventsCopied: number;
        /** Source anchors' last covered events, as found on the way: where each now is on the target. */
        readonly anchorEvents: readonly AnchoredEvent[];
      };
    }
  | {
      readonly type: 'StoreMigrationCompleted';
      readonly data: {
        readonly eventsCopied: number;
        readonly lastSourcePosition: string | null;
        /** Per copied anchor (by its signature): the target position its heads are to be read up to. */
        readonly anchors: readonly { readonly signature: string; readonly upToPosition: string }[];
      };
    };

export interface AnchoredEvent {
  readonly sourcePosition: string;
  readonly streamId: string;
  readonly revision: string;
}

export const migrationRecord = (target: EventStore): Promise<RecordedEvent[]> =>
  readWholeStream(target, MIGRATION_STREAM);

/**
 * Where an anchor copied by a migration is to be checked up to on this store (its own position names an
 * event of the source); undefined for an anchor recorded here.
 */
export async function translatedAnchorPosition(
  store: EventStore,
  signature: string,
): Promise<string | undefined> {
  const [last] = await store.readStream(MIGRATION_STREAM, { maxCount: 1, direction: 'backwards' });
  if (last?.type !== 'StoreMigrationCompleted') return undefined;
  const anchors = last.data.anchors as unknown as { signature: string; upToPosition: string }[];
  return anchors.find((a) => a.signature === signature)?.upToPosition;
}

/** The migration will not run as asked (the target is not empty, or differs from the source). */
export class MigrationRefusedError extends Error {
  override readonly name = 'MigrationRefusedError';
}
