import { assertPartitionCount } from '../partitions';

export interface PartitionPlanInput {
  readonly partitions: number;
  /** This projector. */
  readonly owner: string;
  /** Owners whose heartbeat is alive (from `PartitionLeases.heartbeat`); `owner` counts even if missing. */
  readonly liveOwners: readonly string[];
  /** Partitions this projector is working now. */
  readonly held: readonly number[];
  /** Lease holder of each partition as the lease store sees it (`PartitionLeases.holders`). */
  readonly holders: readonly (string | undefined)[];
}

export interface PartitionPlan {
  /** Leases to renew and partitions to go on working, ascending. */
  readonly keep: number[];
  /** Partitions to try to take, most wanted first (acquiring may fail; that is fine). */
  readonly acquire: number[];
  /** Leases to give up so that others can take them, highest first. */
  readonly release: number[];
}

/**
 * What one projector should hold. Every owner takes at most ceil(partitions / live owners), so the shares
 * together cover every partition; each picks free partitions starting at its own offset, so owners
 * planning at the same time mostly reach for different ones. Held partitions that the lease store gives to
 * someone else are dropped: the lease was lost and the caller must stop working them.
 */
export function plannedPartitions(input: PartitionPlanInput): PartitionPlan {
  const { partitions, owner, held, holders } = input;
  assertPartitionCount(partitions);
  const liveOwners = [...new Set([...input.liveOwners, owner])].sort();
  const live = new Set(liveOwners);
  const share = Math.ceil(partitions / liveOwners.length);

  const ours: number[] = [];
  const free: number[] = [];
  for (let partition = 0; partition < partitions; partition++) {
    const holder = holders[partition];
    if (holder === owner) ours.push(partition);
    else if (holder === undefined || !live.has(holder)) free.push(partition);
  }

  const keep = ours.slice(0, share);
  const release = ours.slice(share).reverse();
  const wasHeld = new Set(held);
  const offset = Math.floor((liveOwners.indexOf(owner) * partitions) / liveOwners.length);
  const byPreference = (a: number, b: number): number =>
    Number(wasHeld.has(b)) - Number(wasHeld.has(a)) || cyclicDistance(a, offset) - cyclicDistance(b, offset);
  const acquire = free.sort(byPreference).slice(0, share - keep.length);

  function cyclicDistance(partition: number, from: number): number {
    return (partition - from + partitions) % partitions;
  }
  return { keep, acquire, release };
}
