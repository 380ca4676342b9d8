/**
 * A global position: EventStoreDB's commit and prepare positions (unsigned 64-bit), or the embedded
 * store's sequence number in both. Kept as bigint in memory and as a decimal string everywhere else,
 * because JSON cannot carry bigint.
 */
export interface GlobalPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export function positionOf(sequence: bigint | number): GlobalPosition {
  const value = BigInt(sequence);
  return { commit: value, prepare: value };
}

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** `"commit/prepare"`, both as decimal strings. */
export function formatPosition(position: GlobalPosition): string {
  return `${position.commit.toString()}/${position.prepare.toString()}`;
}

export function parsePosition(text: string): GlobalPosition {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) throw new Error(`not a global position: ${JSON.stringify(text)}`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}
