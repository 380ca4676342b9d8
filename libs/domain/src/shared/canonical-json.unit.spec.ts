import fc from 'fast-check';
import { referenceCanonicalJson } from '../testing/reference-canonical-json';
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

  it('writes exactly the text of the reference implementation, for any value (property)', () => {
    const anyString = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({
        unit: fc.constantFrom(
          '"',
          '\\',
          '\n',
          '\u0000',
          '\u001f',
          '\u007f',
          '\u2028',
          '\ud800',
          '\udfff',
          'é',
          '😀',
          'a',
          '1',
        ),
      }),
    );
    const anyValue = fc.anything({
      key: fc.oneof(anyString, fc.constantFrom('__proto__', '0', '10', '9', '-1', 'toJSON')),
      values: [anyString, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined)],
      withBoxedValues: true,
      withDate: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      stringUnit: 'binary',
    });
    fc.assert(
      fc.property(fc.oneof(anyValue, fc.jsonValue()), (value) => {
        expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
      }),
      { numRuns: 2000 },
    );
    const odd: unknown[] = [
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      1e21,
      5e-324,
      [1, , 3], // a hole, written as nothing
      [undefined, () => 1, Symbol('s')],
      { f: () => 1, s: Symbol('s'), u: undefined, toJSON: () => 'no' },
      new Date(0),
      { b: 1, a: 2, 10: 'ten', 9: 'nine', '-1': 'minus' },
      JSON.parse('{"__proto__": {"x": 1}, "a": "\\ud800"}'),
    ];
    for (const value of odd) expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
  });

  it('tells different content apart', () => {
    expect(sameContent({ minutes: 25 }, { minutes: 26 })).toBe(false);
    expect(sameContent({ minutes: 25 }, { minutes: '25' })).toBe(false);
  });
});
