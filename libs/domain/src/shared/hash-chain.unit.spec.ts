import { chainHash, GENESIS_HASH, type ChainedContent } from './hash-chain';

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
});
