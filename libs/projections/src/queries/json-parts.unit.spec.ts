import fc from 'fast-check';
import { jsonArrayParts, PART_CHARS } from './json-parts';

describe('jsonArrayParts', () => {
  it('joins to head, the items separated by commas, and tail, whatever the items', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(fc.string({ maxLength: 3000 }), { maxLength: 200 }),
        fc.string(),
        (head, items, tail) => {
          expect(jsonArrayParts(head, items, tail).join('')).toBe(`${head}${items.join(',')}${tail}`);
        },
      ),
    );
  });

  it('cuts a large page into parts of about PART_CHARS characters', () => {
    const line = JSON.stringify({ patientId: 'pt', filler: 'x'.repeat(730) });
    const items = Array.from({ length: 1000 }, () => line);
    const parts = jsonArrayParts('{"items":[', items, ']}');
    const itemParts = parts.slice(1, -1);
    expect(itemParts.length).toBeGreaterThan(20);
    for (const part of itemParts) expect(part.length).toBeLessThanOrEqual(PART_CHARS + line.length + 1);
    expect(JSON.parse(parts.join(''))).toEqual({ items: items.map((i) => JSON.parse(i) as unknown) });
  });

  it('makes no item part of an empty page', () => {
    expect(jsonArrayParts('[', [], ']')).toEqual(['[', ']']);
  });
});
