/**
 * An immutable map from string keys that shares its structure between versions: `set` copies the few
 * nodes on one key's path (a hash array mapped trie, 32 ways a level) instead of the whole map. A
 * patient's time entries, idempotency keys and observations grow with every command; as plain records,
 * each command's fold copied them whole, so a command cost grew with the patient's history (bench/README,
 * item 27). Iteration keeps first-insertion order, as a record's string keys do.
 */

interface Leaf<T> {
  readonly kind: 'leaf';
  readonly hash: number;
  readonly key: string;
  readonly value: T;
  /** When the key was first set: iteration order. */
  readonly order: number;
}

/** Keys whose 32-bit hashes are all equal. */
interface Collision<T> {
  readonly kind: 'collision';
  readonly hash: number;
  readonly leaves: readonly Leaf<T>[];
}

interface Branch<T> {
  readonly kind: 'branch';
  /** Bit i set: the child for hash fragment i is in `children`, at the count of lower bits set. */
  readonly bitmap: number;
  readonly children: readonly Node<T>[];
}

type Node<T> = Leaf<T> | Collision<T> | Branch<T>;

const BITS = 5;
const MASK = 31;

/** FNV-1a over UTF-16 code units (exported for the tests that need colliding keys). */
export function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function bitCount(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

const fragment = (hash: number, shift: number): number => (hash >>> shift) & MASK;

/** A branch holding two nodes whose hashes differ (they differ within 32 bits, so this ends). */
function split<T>(a: Leaf<T> | Collision<T>, b: Leaf<T>, shift: number): Branch<T> {
  const fa = fragment(a.hash, shift);
  const fb = fragment(b.hash, shift);
  if (fa === fb) return { kind: 'branch', bitmap: 1 << fa, children: [split(a, b, shift + BITS)] };
  return { kind: 'branch', bitmap: (1 << fa) | (1 << fb), children: fa < fb ? [a, b] : [b, a] };
}

function withChild<T>(children: readonly Node<T>[], at: number, child: Node<T>): Node<T>[] {
  const copy = children.slice();
  copy[at] = child;
  return copy;
}

/** `node` with `leaf` set; `added` says whether the key was new. */
function insert<T>(node: Node<T>, leaf: Leaf<T>, shift: number, added: { value: boolean }): Node<T> {
  switch (node.kind) {
    case 'leaf':
      if (node.key === leaf.key) return { ...leaf, order: node.order };
      added.value = true;
      if (node.hash === leaf.hash) return { kind: 'collision', hash: leaf.hash, leaves: [node, leaf] };
      return split(node, leaf, shift);
    case 'collision': {
      if (node.hash !== leaf.hash) {
        added.value = true;
        return split(node, leaf, shift);
      }
      const at = node.leaves.findIndex((l) => l.key === leaf.key);
      if (at >= 0) {
        const leaves = node.leaves.slice();
        leaves[at] = { ...leaf, order: node.leaves[at].order };
        return { ...node, leaves };
      }
      added.value = true;
      return { ...node, leaves: [...node.leaves, leaf] };
    }
    case 'branch': {
      const bit = 1 << fragment(leaf.hash, shift);
      const at = bitCount(node.bitmap & (bit - 1));
      if (node.bitmap & bit) {
        const child = insert(node.children[at], leaf, shift + BITS, added);
        return { ...node, children: withChild(node.children, at, child) };
      }
      added.value = true;
      const children = node.children.slice();
      children.splice(at, 0, leaf);
      return { kind: 'branch', bitmap: node.bitmap | bit, children };
    }
  }
}

function lookup<T>(node: Node<T> | undefined, key: string, hash: number): Leaf<T> | undefined {
  let shift = 0;
  while (node) {
    switch (node.kind) {
      case 'leaf':
        return node.key === key ? node : undefined;
      case 'collision':
        return node.hash === hash ? node.leaves.find((l) => l.key === key) : undefined;
      case 'branch': {
        const bit = 1 << fragment(hash, shift);
        if (!(node.bitmap & bit)) return undefined;
        node = node.children[bitCount(node.bitmap & (bit - 1))];
        shift += BITS;
      }
    }
  }
  return undefined;
}

function collect<T>(node: Node<T> | undefined, into: Leaf<T>[]): void {
  if (!node) return;
  if (node.kind === 'leaf') into.push(node);
  else if (node.kind === 'collision') into.push(...node.leaves);
  else for (const child of node.children) collect(child, into);
}

export class PersistentMap<T> {
  private static readonly EMPTY = new PersistentMap<never>(undefined, 0, 0);

  private constructor(
    private readonly root: Node<T> | undefined,
    readonly size: number,
    /** The order the next new key gets. */
    private readonly nextOrder: number,
  ) {}

  static empty<T>(): PersistentMap<T> {
    return PersistentMap.EMPTY;
  }

  static of<T>(entries: Iterable<readonly [string, T]>): PersistentMap<T> {
    let map = PersistentMap.empty<T>();
    for (const [key, value] of entries) map = map.set(key, value);
    return map;
  }

  get(key: string): T | undefined {
    return lookup(this.root, key, hashOf(key))?.value;
  }

  has(key: string): boolean {
    return lookup(this.root, key, hashOf(key)) !== undefined;
  }

  /** A map with `key` set to `value`; this one is unchanged. A key set again keeps its place. */
  set(key: string, value: T): PersistentMap<T> {
    const leaf: Leaf<T> = { kind: 'leaf', hash: hashOf(key), key, value, order: this.nextOrder };
    if (!this.root) return new PersistentMap<T>(leaf, 1, this.nextOrder + 1);
    const added = { value: false };
    const root = insert(this.root, leaf, 0, added);
    return added.value
      ? new PersistentMap(root, this.size + 1, this.nextOrder + 1)
      : new PersistentMap(root, this.size, this.nextOrder);
  }

  /** Entries in the order their keys were first set. */
  entries(): [string, T][] {
    const leaves: Leaf<T>[] = [];
    collect(this.root, leaves);
    return leaves.sort((a, b) => a.order - b.order).map((l) => [l.key, l.value]);
  }

  keys(): string[] {
    return this.entries().map(([key]) => key);
  }

  values(): T[] {
    return this.entries().map(([, value]) => value);
  }

  /** As JSON, the record it stands for (what an api answer showed before states held these maps). */
  toJSON(): Record<string, T> {
    return Object.fromEntries(this.entries());
  }
}
