import fc from 'fast-check';
import { canonicalJson, sameContent } from './canonical-json';

/** The same value with the keys of every object, at every depth, in reverse order. */
function withKeysReversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withKeysReversed);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, withKeysReversed(v)]),
    );
  }
  return value;
}

/** The same value with each object's keys in an order picked by `order`. */
function withKeysShuffled(value: unknown, order: readonly number[]): unknown {
  let next = 0;
  const shuffle = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(shuffle);
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      const shuffled: [string, unknown][] = [];
      while (entries.length > 0) {
        const pick = order.length === 0 ? 0 : order[next++ % order.length] % entries.length;
        const [[key, inner]] = entries.splice(pick, 1);
        shuffled.push([key, shuffle(inner)]);
      }
      return Object.fromEntries(shuffled);
    }
    return v;
  };
  return shuffle(value);
}

describe('canonical JSON', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  it('keeps array order, which carries meaning', () => {
    expect(canonicalJson(['b', 'a'])).not.toBe(canonicalJson(['a', 'b']));
  });

  it('leaves out undefined properties, as stored JSON does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(sameContent({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });

  it('writes top-level undefined as null', () => {
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('is independent of key order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.nat({ max: 50 }), { maxLength: 20 }), (value, order) => {
        const canonical = canonicalJson(value);
        expect(canonicalJson(withKeysReversed(value))).toBe(canonical);
        expect(canonicalJson(withKeysShuffled(value, order))).toBe(canonical);
      }),
    );
  });

  it('is valid JSON that is already canonical (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const canonical = canonicalJson(value);
        expect(canonicalJson(JSON.parse(canonical))).toBe(canonical);
      }),
    );
  });

  it('tells different content apart', () => {
    expect(sameContent({ minutes: 25 }, { minutes: 26 })).toBe(false);
    expect(sameContent({ minutes: 25 }, { minutes: '25' })).toBe(false);
  });
});
