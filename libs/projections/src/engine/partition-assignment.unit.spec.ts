import fc from 'fast-check';
import { fnv1a32, MAX_PARTITIONS, partitionOf } from '../partitions';
import { plannedPartitions, type PartitionPlan } from './partition-assignment';
import { InMemoryPartitionLeases } from './partition-leases';

const TTL_MS = 1000;
/** Each simulated round takes a quarter of the ttl, so live projectors always renew in time. */
const ROUND_MS = TTL_MS / 4;

interface SimulatedProjector {
  readonly owner: string;
  held: number[];
}

class Cluster {
  clock = 0;
  readonly leases = new InMemoryPartitionLeases({ now: () => this.clock });
  readonly projectors: SimulatedProjector[];

  constructor(
    readonly partitions: number,
    owners: readonly string[],
  ) {
    this.projectors = owners.map((owner) => ({ owner, held: [] }));
  }

  /** One projector's turn, as the projector process would do it: heartbeat, plan, then act on the plan. */
  async step(projector: SimulatedProjector): Promise<PartitionPlan> {
    const { owner } = projector;
    const liveOwners = await this.leases.heartbeat(owner, TTL_MS);
    const holders = await this.leases.holders(this.partitions);
    const plan = plannedPartitions({
      partitions: this.partitions,
      owner,
      liveOwners,
      held: projector.held,
      holders,
    });
    const next: number[] = [];
    for (const partition of plan.release) await this.leases.release(partition, owner);
    for (const partition of plan.keep)
      if (await this.leases.renew(partition, owner, TTL_MS)) next.push(partition);
    for (const partition of plan.acquire) {
      if (await this.leases.acquire(partition, owner, TTL_MS)) next.push(partition);
    }
    projector.held = next.sort((a, b) => a - b);
    return plan;
  }

  async rounds(count: number): Promise<PartitionPlan[]> {
    const plans: PartitionPlan[] = [];
    for (let round = 0; round < count; round++) {
      for (const projector of this.projectors) plans.push(await this.step(projector));
      this.clock += ROUND_MS;
    }
    return plans;
  }

  /** Every partition worked by exactly one projector, which is also its lease holder; shares respected. */
  async expectSettled(): Promise<void> {
    const holders = await this.leases.holders(this.partitions);
    const workedBy = new Map<number, string[]>();
    for (const { owner, held } of this.projectors) {
      expect(held.length).toBeLessThanOrEqual(Math.ceil(this.partitions / this.projectors.length));
      for (const partition of held) workedBy.set(partition, [...(workedBy.get(partition) ?? []), owner]);
    }
    for (let partition = 0; partition < this.partitions; partition++) {
      expect(workedBy.get(partition)).toEqual([holders[partition]]);
    }
  }
}

const owners = fc.uniqueArray(fc.stringMatching(/^proj-[a-z0-9]{1,4}$/), { minLength: 1, maxLength: 6 });
const partitionCount = fc.integer({ min: 1, max: 24 });

describe('plannedPartitions over in-memory leases', () => {
  it('gives every partition exactly one holder within a share, whatever the number of owners', async () => {
    await fc.assert(
      fc.asyncProperty(partitionCount, owners, async (partitions, names) => {
        const cluster = new Cluster(partitions, names);
        await cluster.rounds(3);
        await cluster.expectSettled();
      }),
    );
  });

  it('plans nothing new once settled: keep what is held, acquire and release nothing', async () => {
    await fc.assert(
      fc.asyncProperty(partitionCount, owners, async (partitions, names) => {
        const cluster = new Cluster(partitions, names);
        await cluster.rounds(3);
        const before = await cluster.leases.holders(partitions);
        const held = cluster.projectors.map((projector) => projector.held);
        const plans = await cluster.rounds(2);
        expect(plans.map((plan) => plan.acquire.length + plan.release.length)).toEqual(plans.map(() => 0));
        expect(plans.map((plan) => plan.keep)).toEqual([...held, ...held]);
        expect(await cluster.leases.holders(partitions)).toEqual(before);
      }),
    );
  });

  it("takes a vanished owner's partitions within 2 rounds after its lease expires", async () => {
    const twoOrMore = fc.uniqueArray(fc.stringMatching(/^proj-[a-z0-9]{1,4}$/), {
      minLength: 2,
      maxLength: 6,
    });
    await fc.assert(
      fc.asyncProperty(partitionCount, twoOrMore, fc.nat(), async (partitions, names, pick) => {
        const cluster = new Cluster(partitions, names);
        await cluster.rounds(3);
        const [vanished] = cluster.projectors.splice(pick % cluster.projectors.length, 1);
        const expiresAt = cluster.clock - ROUND_MS + TTL_MS;
        while (cluster.clock < expiresAt) {
          const holders = await cluster.leases.holders(partitions);
          // Until the lease runs out nobody else takes the vanished owner's partitions.
          for (const partition of vanished.held) expect(holders[partition]).toBe(vanished.owner);
          await cluster.rounds(1);
        }
        await cluster.rounds(2);
        await cluster.expectSettled();
      }),
    );
  });

  it('hands partitions to a newly started owner within 3 rounds', async () => {
    await fc.assert(
      fc.asyncProperty(partitionCount, owners, fc.nat(), async (partitions, names, position) => {
        const cluster = new Cluster(partitions, names.slice(1));
        await cluster.rounds(3);
        cluster.projectors.splice(position % (cluster.projectors.length + 1), 0, {
          owner: names[0],
          held: [],
        });
        await cluster.rounds(3);
        await cluster.expectSettled();
      }),
    );
  });
});

describe('plannedPartitions', () => {
  const none = (count: number): undefined[] => Array.from({ length: count }, () => undefined);

  it('lets a lone owner take every partition', () => {
    expect(
      plannedPartitions({ partitions: 4, owner: 'a', liveOwners: ['a'], held: [], holders: none(4) }),
    ).toEqual({ keep: [], acquire: [0, 1, 2, 3], release: [] });
  });

  it('starts each owner at its own offset so that concurrent plans do not collide', () => {
    const plan = (owner: string) =>
      plannedPartitions({ partitions: 6, owner, liveOwners: ['c', 'a', 'b'], held: [], holders: none(6) });
    expect(plan('a').acquire).toEqual([0, 1]);
    expect(plan('b').acquire).toEqual([2, 3]);
    expect(plan('c').acquire).toEqual([4, 5]);
  });

  it('counts itself as live even when its own heartbeat is not in the list', () => {
    expect(
      plannedPartitions({ partitions: 2, owner: 'b', liveOwners: ['a'], held: [], holders: none(2) }),
    ).toEqual({
      keep: [],
      acquire: [1],
      release: [],
    });
  });

  it('keeps up to its share and releases the rest, highest first', () => {
    const holders = ['a', 'a', 'a', 'a', 'a', undefined];
    expect(
      plannedPartitions({
        partitions: 6,
        owner: 'a',
        liveOwners: ['a', 'b', 'c'],
        held: [0, 1, 2, 3, 4],
        holders,
      }),
    ).toEqual({ keep: [0, 1], acquire: [], release: [4, 3, 2] });
  });

  it('takes partitions of owners that stopped heartbeating, never those of live owners', () => {
    const holders = ['gone', 'b', 'gone', 'b'];
    expect(
      plannedPartitions({ partitions: 4, owner: 'a', liveOwners: ['a', 'b'], held: [], holders }),
    ).toEqual({
      keep: [],
      acquire: [0, 2],
      release: [],
    });
  });

  it('drops a lost lease and prefers taking back a partition it was working whose lease ran out', () => {
    const holders = [undefined, 'b', undefined, undefined];
    expect(
      plannedPartitions({ partitions: 4, owner: 'a', liveOwners: ['a', 'b'], held: [1, 3], holders }),
    ).toEqual({ keep: [], acquire: [3, 0], release: [] });
  });

  it('rejects a partition count that is not a positive integer', () => {
    expect(() =>
      plannedPartitions({ partitions: 0, owner: 'a', liveOwners: [], held: [], holders: [] }),
    ).toThrow(RangeError);
  });
});

describe('partitionOf', () => {
  it('hashes the UTF-8 bytes of the id with 32-bit FNV-1a', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    expect(fnv1a32('\u00e9')).toBe(0x1e9de8c1);
    expect(partitionOf('practice-001', 16)).toBe(0x8e0f2a6a % 16);
  });

  it('always lands in range, and in partition 0 when there is only one', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        fc.integer({ min: 1, max: MAX_PARTITIONS }),
        (id, partitions) => {
          const partition = partitionOf(id, partitions);
          expect(Number.isInteger(partition) && partition >= 0 && partition < partitions).toBe(true);
          expect(partitionOf(id, 1)).toBe(0);
        },
      ),
    );
  });

  it('rejects a partition count that is not a positive integer', () => {
    expect(() => partitionOf('practice-001', 0)).toThrow(RangeError);
    expect(() => partitionOf('practice-001', 2.5)).toThrow(RangeError);
  });
});

describe('InMemoryPartitionLeases', () => {
  it('grants, renews, expires and releases leases for their holder only', async () => {
    let now = 0;
    const leases = new InMemoryPartitionLeases({ now: () => now });
    expect(await leases.acquire(0, 'a', 100)).toBe(true);
    expect(await leases.acquire(0, 'b', 100)).toBe(false);
    expect(await leases.acquire(0, 'a', 100)).toBe(true);
    now = 99;
    expect(await leases.renew(0, 'b', 100)).toBe(false);
    expect(await leases.renew(0, 'a', 100)).toBe(true);
    now = 198;
    expect(await leases.holders(2)).toEqual(['a', undefined]);
    now = 199;
    expect(await leases.renew(0, 'a', 100)).toBe(false);
    expect(await leases.acquire(0, 'b', 100)).toBe(true);
    await leases.release(0, 'a');
    expect(await leases.holders(1)).toEqual(['b']);
    await leases.release(0, 'b');
    expect(await leases.holders(1)).toEqual([undefined]);
    await expect(leases.acquire(0, 'a', 0)).rejects.toThrow(RangeError);
    await leases.close();
  });

  it('lists owners whose heartbeat is alive, sorted, and forgets the expired', async () => {
    let now = 0;
    const leases = new InMemoryPartitionLeases({ now: () => now });
    expect(await leases.heartbeat('b', 100)).toEqual(['b']);
    now = 50;
    expect(await leases.heartbeat('a', 100)).toEqual(['a', 'b']);
    now = 100;
    expect(await leases.heartbeat('a', 100)).toEqual(['a']);
  });
});
