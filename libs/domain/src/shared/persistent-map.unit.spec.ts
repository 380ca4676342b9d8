import fc from 'fast-check';
import { hashOf, PersistentMap } from './persistent-map';

/** Pairs of keys whose 32-bit hashes are equal, and a pair equal in their first 30 bits only. */
const SAME_HASH = [
  ['ubszqih', '5t3i76d'],
  ['e94hh6l', 'ortle2f'],
] as const;
const SAME_LOW_30_BITS = ['nhpftnp', 'r3su0ij'] as const;

const key = fc.oneof(
  fc.constantFrom('a', 'b', 'entry-1', 'entry-2', '__proto__', '0', '10', ''),
  fc.constantFrom(...SAME_HASH.flat(), ...SAME_LOW_30_BITS),
  fc.string({ maxLength: 6 }),
);
const sets = fc.array(fc.tuple(key, fc.integer()), { maxLength: 300 });

/** What a plain Map gives for the same sets: its iteration order is first insertion too. */
function modelOf(entries: readonly (readonly [string, number])[]): Map<string, number> {
  const model = new Map<string, number>();
  for (const [k, v] of entries) model.set(k, v);
  return model;
}

describe('PersistentMap', () => {
  it('answers as a Map given the same sets: values, size, lookups and first-insertion order', () => {
    fc.assert(
      fc.property(sets, fc.array(key, { maxLength: 20 }), (entries, probes) => {
        const map = PersistentMap.of(entries);
        const model = modelOf(entries);
        expect(map.size).toBe(model.size);
        expect(map.entries()).toEqual([...model.entries()]);
        for (const k of [...probes, ...model.keys()]) {
          expect(map.get(k)).toBe(model.get(k));
          expect(map.has(k)).toBe(model.has(k));
        }
      }),
    );
  });

  it('never changes a map it was given: every earlier version answers as before', () => {
    fc.assert(
      fc.property(sets, (entries) => {
        const versions = [PersistentMap.empty<number>()];
        for (const [k, v] of entries) versions.push(versions[versions.length - 1].set(k, v));
        versions.forEach((version, i) => {
          expect(version.entries()).toEqual([...modelOf(entries.slice(0, i)).entries()]);
        });
      }),
    );
  });

  it('keeps keys whose hashes collide apart, and keys that share most of their hash', () => {
    for (const [a, b] of SAME_HASH) expect(hashOf(a)).toBe(hashOf(b));
    const [c, d] = SAME_LOW_30_BITS;
    expect(hashOf(c) & 0x3fffffff).toBe(hashOf(d) & 0x3fffffff);
    expect(hashOf(c)).not.toBe(hashOf(d));
    let map = PersistentMap.empty<string>();
    for (const k of [...SAME_HASH.flat(), ...SAME_LOW_30_BITS]) map = map.set(k, `value of ${k}`);
    map = map.set(SAME_HASH[0][1], 'replaced');
    expect(map.size).toBe(6);
    expect(map.get(SAME_HASH[0][0])).toBe(`value of ${SAME_HASH[0][0]}`);
    expect(map.get(SAME_HASH[0][1])).toBe('replaced');
    expect(map.get(SAME_LOW_30_BITS[1])).toBe(`value of ${SAME_LOW_30_BITS[1]}`);
    expect(map.entries().map(([k]) => k)).toEqual([...SAME_HASH.flat(), ...SAME_LOW_30_BITS]);
  });

  it('turns into the record it stands for as JSON, a `__proto__` key included as a plain key', () => {
    const map = PersistentMap.of<number>([
      ['b', 1],
      ['__proto__', 2],
      ['a', 3],
    ]);
    expect(JSON.stringify({ map })).toBe('{"map":{"b":1,"__proto__":2,"a":3}}');
    expect(Object.getPrototypeOf(map.toJSON())).toBe(Object.prototype);
  });

  it('builds the same structure whichever versions it passed through, so equal histories compare equal', () => {
    fc.assert(
      fc.property(sets, (entries) => {
        const split = Math.floor(entries.length / 2);
        const resumed = entries
          .slice(split)
          .reduce((m, [k, v]) => m.set(k, v), PersistentMap.of(entries.slice(0, split)));
        expect(resumed).toEqual(PersistentMap.of(entries));
      }),
    );
  });
});
