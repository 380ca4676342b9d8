import { chunkOf, chunkWith, REVISION_CHUNK, type RevisionChunk } from './revision-chunks';

const entry = (revision: number) => ({ revision, what: `event ${revision}` });

describe('chunks of consecutive revisions (given entries, then the chunk)', () => {
  it('chunk k holds revisions 16k to 16k + 15', () => {
    expect(REVISION_CHUNK).toBe(16);
    expect([0, 15, 16, 31, 32, 100].map(chunkOf)).toEqual([0, 0, 1, 1, 2, 6]);
  });

  it('keeps entries in revision order whatever order they come in', () => {
    let chunk: RevisionChunk<ReturnType<typeof entry>> | undefined;
    for (const revision of [33, 35, 32, 34]) chunk = chunkWith(chunk, entry(revision));
    expect(chunk?.entries.map((e) => e.revision)).toEqual([32, 33, 34, 35]);
  });

  it('changes nothing for a revision it holds (a redelivered event), and never changes the chunk given', () => {
    const chunk = chunkWith(chunkWith(undefined, entry(0)), entry(1))!;
    expect(chunkWith(chunk, { revision: 1, what: 'again' })).toBeUndefined();
    expect(chunkWith(chunk, entry(2))?.entries).toHaveLength(3);
    expect(chunk.entries).toEqual([entry(0), entry(1)]);
  });
});
