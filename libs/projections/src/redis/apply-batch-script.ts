import type { QueuedWrite } from './queue-writes';

/**
 * A batch as one script: Redis runs it atomically, and it declares every key it touches, all of one
 * partition's hash slot, so it runs alike on one server and on a Redis Cluster. It writes nothing unless
 * the partition's checkpoint is the one the writer started from; that check replaces WATCH, which would
 * tie the batch to one connection (and, on a cluster, to one node's connection).
 *
 * KEYS: checkpoint, caught-up mark, build progress, then the keys the writes name.
 * ARGV: expected checkpoint, new checkpoint, `1` to mark the partition caught up, build progress (empty:
 * left as it is), `1` to check the stored build progress, the progress expected (empty: none stored), then
 * per write: command, index of its key in KEYS, argument count, arguments.
 * Answers 1 when applied, 0 when the checkpoint or the build progress differed (or the version is gone).
 */
export const APPLY_BATCH_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current == false or current ~= ARGV[1] then return 0 end
if ARGV[5] == '1' then
  local build = redis.call('GET', KEYS[3])
  if build == false then build = '' end
  if build ~= ARGV[6] then return 0 end
end
local i = 7
while i <= #ARGV do
  local count = tonumber(ARGV[i + 2])
  redis.call(ARGV[i], KEYS[tonumber(ARGV[i + 1])], unpack(ARGV, i + 3, i + 2 + count))
  i = i + 3 + count
end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[3] == '1' then redis.call('SET', KEYS[2], '1') end
if ARGV[4] ~= '' then redis.call('SET', KEYS[3], ARGV[4]) end
return 1
`;

export interface ScriptCall {
  readonly keys: string[];
  readonly args: string[];
}

export function applyBatchCall(input: {
  readonly checkpointKey: string;
  readonly caughtUpKey: string;
  readonly buildKey: string;
  readonly expected: string;
  readonly checkpoint: string;
  readonly markCaughtUp: boolean;
  /** The build's progress as stored (encodeBuild), or undefined to leave it. */
  readonly build: string | undefined;
  /** The progress the batch went on from, as stored ('' for none), or undefined not to check it. */
  readonly expectedBuild: string | undefined;
  readonly writes: readonly QueuedWrite[];
}): ScriptCall {
  const keys = [input.checkpointKey, input.caughtUpKey, input.buildKey];
  const keyIndex = new Map<string, number>();
  const args = [
    input.expected,
    input.checkpoint,
    input.markCaughtUp ? '1' : '0',
    input.build ?? '',
    input.expectedBuild === undefined ? '0' : '1',
    input.expectedBuild ?? '',
  ];
  for (const write of input.writes) {
    let index = keyIndex.get(write.key);
    if (index === undefined) {
      keys.push(write.key);
      index = keys.length;
      keyIndex.set(write.key, index);
    }
    args.push(write.command, String(index), String(write.args.length), ...write.args);
  }
  return { keys, args };
}
