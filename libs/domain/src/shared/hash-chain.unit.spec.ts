import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { referenceCanonicalJson } from '../testing/reference-canonical-json';
import { chainHash, GENESIS_HASH, type ChainedContent } from './hash-chain';

/** chainHash as first written: the hash every stored event carries. */
function referenceChainHash(content: ChainedContent): string {
  const { hash: _ignored, ...metadata } = content.metadata as Record<string, unknown> & { hash?: unknown };
  const { streamId, revision, eventId, type, data } = content;
  return createHash('sha256')
    .update(referenceCanonicalJson({ streamId, revision, eventId, type, data, metadata }))
    .digest('hex');
}

const first: ChainedContent = {
  streamId: 'ccm.patient.riverside.p-1',
  revision: 0,
  eventId: '2f0c7a59-6c7e-4f43-9d55-0f3d1a1c9e01',
  type: 'PatientEnrolled',
  data: { patientId: 'p-1', conditions: [{ icd10: 'E11.9' }] },
  metadata: { actorId: 'user-ada', recordedAt: '2026-03-31T22:00:00.000Z', previousHash: GENESIS_HASH },
};

describe('hash chain', () => {
  it('starts every stream from the all-zero genesis hash', () => {
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });

  it('is a SHA-256 hex digest and the same content always gives the same hash', () => {
    expect(chainHash(first)).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash({ ...first })).toBe(chainHash(first));
  });

  it.each<[string, Partial<ChainedContent>]>([
    ['the data', { data: { patientId: 'p-1', conditions: [{ icd10: 'I10' }] } }],
    ['the event type', { type: 'ConditionAdded' }],
    ['the revision', { revision: 1 }],
    ['the event id', { eventId: '2f0c7a59-6c7e-4f43-9d55-0f3d1a1c9e02' }],
    ['the stream', { streamId: 'ccm.patient.riverside.p-2' }],
    ['the previous hash', { metadata: { ...first.metadata, previousHash: 'f'.repeat(64) } }],
    ['other metadata', { metadata: { ...first.metadata, actorId: 'user-bob' } }],
  ])('changes when %s changes', (_what, change) => {
    expect(chainHash({ ...first, ...change })).not.toBe(chainHash(first));
  });

  it('ignores the event’s own hash, so a stored event can be re-hashed to verify it', () => {
    const stored = { ...first, metadata: { ...first.metadata, hash: chainHash(first) } };
    expect(chainHash(stored)).toBe(chainHash(first));
    expect(chainHash({ ...first, metadata: { ...first.metadata, hash: 'tampered' } })).toBe(chainHash(first));
  });

  it('does not depend on the key order of data or metadata', () => {
    const reordered: ChainedContent = {
      ...first,
      data: { conditions: [{ icd10: 'E11.9' }], patientId: 'p-1' },
      metadata: { previousHash: GENESIS_HASH, recordedAt: '2026-03-31T22:00:00.000Z', actorId: 'user-ada' },
    };
    expect(chainHash(reordered)).toBe(chainHash(first));
  });

  it('links each event to the one before: editing an early event changes every later link', () => {
    const second = (previousHash: string): ChainedContent => ({
      ...first,
      revision: 1,
      eventId: 'e2',
      type: 'ConsentRecorded',
      data: { consentId: 'c-1' },
      metadata: { actorId: 'user-ada', previousHash },
    });
    const honest = chainHash(second(chainHash(first)));
    const edited = chainHash(second(chainHash({ ...first, data: { patientId: 'p-1', conditions: [] } })));
    expect(edited).not.toBe(honest);
  });

  it('hashes exactly what it always hashed: digests pinned before the hashed text was built field by field', () => {
    expect(chainHash(first)).toBe('90228c376751fcc008e19f94b1c38174258251e9573c83d186240ef0a8f2555f');
    expect(
      chainHash({
        streamId: 'ccm.patient.riverside.p-1',
        revision: 3,
        eventId: 'e-4',
        type: 'TimeLogged',
        data: {
          minutes: 25,
          note: 'Ünïcode "quoted" \\ back\nline',
          empty: [],
          nested: { z: null, a: [1.5, true] },
          skipped: undefined,
        },
        metadata: { hash: 'old', previousHash: 'f'.repeat(64), actorId: 'rn-ada', '10': 'ten', '9': 'nine' },
      }),
    ).toBe('dbe19939e40e788897b151b965ac6bb2d2ab94be920afdfd0e0216b6618d689a');
  });

  it('gives the reference hash for any content (property)', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }));
    const content = fc.record({
      streamId: text,
      revision: fc.oneof(fc.nat(), fc.double()),
      eventId: text,
      type: text,
      data: fc.oneof(fc.jsonValue(), fc.anything({ stringUnit: 'binary', withSparseArray: true })),
      metadata: fc.dictionary(
        fc.oneof(text, fc.constantFrom('hash', 'previousHash', '0', '10')),
        fc.jsonValue(),
      ),
    });
    fc.assert(
      fc.property(content, (c) => {
        expect(chainHash(c)).toBe(referenceChainHash(c));
      }),
      { numRuns: 500 },
    );
    // Fields a caller left undefined are left out, as canonical JSON leaves them out.
    const partial = { ...first, data: undefined, eventId: undefined } as unknown as ChainedContent;
    expect(chainHash(partial)).toBe(referenceChainHash(partial));
  });
});
