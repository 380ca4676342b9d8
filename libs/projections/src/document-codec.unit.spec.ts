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

  it('gives back documents of every size around the threshold exactly', () => {
    for (let size = DEFLATE_FROM_CHARS - 3; size <= DEFLATE_FROM_CHARS + 3; size++) {
      const json = JSON.stringify({ text: 'ä'.repeat(size - 12) });
      expect(decodeDocument(encodeDocument(json))).toBe(json);
    }
  });
});
