import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE_ROOT = join(__dirname, '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

const all = filesUnder(SOURCE_ROOT);
const sources = all.filter(
  (file) => !file.endsWith('.spec.ts') && !file.includes(`${join('src', 'testing')}`),
);
const specs = all
  .filter((file) => file.endsWith('.unit.spec.ts'))
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');

/** Codes passed to `refuse(...)`, and the conflict codes passed to `checkIdempotencyKey(...)`. */
function refusalCodes(): string[] {
  const codes = new Set<string>();
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/refuse(?:<\w+>)?\(\s*'([A-Z_]+)'/g)) codes.add(match[1]);
    for (const match of text.matchAll(/checkIdempotencyKey<\w+>\([^)]*'([A-Z_]+)',?\s*\)/g))
      codes.add(match[1]);
  }
  return [...codes].sort();
}

describe('refusal codes', () => {
  const codes = refusalCodes();

  it('are found in the deciders', () => {
    expect(codes).toEqual(
      expect.arrayContaining(['ENTRY_ID_REUSED', 'CONSENT_DOCUMENT_MISSING', 'PRACTICE_NOT_FOUND']),
    );
  });

  it.each(codes)('%s is specified by at least one thenRefuses', (code) => {
    expect(specs).toContain(`thenRefuses('${code}'`);
  });
});
