import { decodeDocument, DEFLATE_FROM_CHARS, encodeDocument } from './document-codec';
import { largeDocument } from './testing/contract-documents';

describe('the text the read-model stores keep for a document', () => {
  it('is the JSON itself below the size worth deflating', () => {
    const json = JSON.stringify({ status: 'billable', minutes: 21 });
    expect(encodeDocument(json)).toBe(json);
    expect(decodeDocument(json)).toBe(json);
  });

  it('is shorter ASCII text for a large document, and gives it back exactly', () => {
    const json = largeDocument();
    expect(json.length).toBeGreaterThanOrEqual(DEFLATE_FROM_CHARS);
    const stored = encodeDocument(json);
    expect(stored.length).toBeLessThan(json.length / 3);
    expect(stored).toMatch(/^[\x20-\x7e]+$/);
    expect(decodeDocument(stored)).toBe(json);
  });

  it('reads a large document kept as its JSON text, as a store written before deflating holds it', () => {
    const json = largeDocument();
    expect(decodeDocument(json)).toBe(json);
  });

  it('still reads a value deflated when the dictionary was written (the dictionary must never change)', () => {
    const json = JSON.stringify({
      status: 'in_force',
      planType: 'comprehensive',
      conditions: Array.from({ length: 12 }, (_, i) => ({
        icd10: 'E11.9',
        expectedDuration: '12_months_or_more',
        significantRisk: true,
        attestedOn: `2026-03-${String(i + 1).padStart(2, '0')}`,
        resolvedOn: null,
      })),
    });
    const keptOn4December =
      '~1:I7mJj6sTZ2ioBwo2KvZ6jAyMzHQNjHUNDLH0d5D7YK40tNtoAO02HkC7QaUIeh+TXmEOGgwYKLvNBtBu8wG022IA7QaVGwMU3+Chm4GyewDLNUOs5VpsLQA=';
    expect(decodeDocument(keptOn4December)).toBe(json);
  });

  it('gives back documents of every size around the threshold exactly', () => {
    for (let size = DEFLATE_FROM_CHARS - 3; size <= DEFLATE_FROM_CHARS + 3; size++) {
      const json = JSON.stringify({ text: 'ä'.repeat(size - 12) });
      expect(decodeDocument(encodeDocument(json))).toBe(json);
    }
  });
});
