import { createHash } from 'node:crypto';
import { canonicalJson } from '@ccm/domain';
import type { RecordedEvent } from '@ccm/event-store';
import { CommandRefusedError } from './errors';
import type { CommandKey, RequestContext } from './event-envelope';

/** Where the command a client key was sent with ended on a stream (its last event), and what it was. */
export interface KeyedCommand {
  readonly revision: number;
  readonly commandHash: string;
}

/** The client keys recorded on one stream. */
export type CommandKeys = ReadonlyMap<string, KeyedCommand>;

/** The key the command is sent under, with the command's hash; undefined without a client key. */
export function commandKeyOf(context: RequestContext, command: unknown): CommandKey | undefined {
  if (context.clientIdempotencyKey === undefined) return undefined;
  return {
    key: context.clientIdempotencyKey,
    commandHash: createHash('sha256').update(canonicalJson(command)).digest('hex'),
  };
}

/** The client key a stored event was recorded under, if any. */
export function keyedCommandOf(recorded: RecordedEvent): readonly [string, KeyedCommand] | undefined {
  const { idempotencyKey, commandHash } = recorded.metadata;
  if (typeof idempotencyKey !== 'string' || typeof commandHash !== 'string') return undefined;
  return [idempotencyKey, { revision: Number(recorded.revision), commandHash }];
}

/**
 * The command already recorded under the key, which a repeat answers with; undefined when the key is new
 * on the stream. A key recorded with another command is refused: answering that one would tell the client
 * its new command was applied.
 */
export function recordedUnderKey(keys: CommandKeys | undefined, sent: CommandKey): KeyedCommand | undefined {
  const recorded = keys?.get(sent.key);
  if (recorded === undefined) return undefined;
  if (recorded.commandHash !== sent.commandHash) {
    throw new CommandRefusedError({
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: 'This Idempotency-Key was sent with another command on this record.',
    });
  }
  return recorded;
}

/** The keys with one more; the map given is never changed (a cached stream's keys are shared). */
export function withKeyedCommand(
  keys: CommandKeys | undefined,
  key: string,
  command: KeyedCommand,
): CommandKeys {
  const next = new Map(keys);
  next.set(key, command);
  return next;
}
