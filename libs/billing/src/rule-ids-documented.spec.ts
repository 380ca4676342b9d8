import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';

/**
 * Every rule id the code cites (in a trace line, a reason, a comment or a test name) is explained in
 * docs/ccm-rules.md, so whoever reads an id anywhere in the product can look it up in the repository.
 */

const repoRoot = path.resolve(__dirname, '../../..');
const rulesDoc = path.join(repoRoot, 'docs', 'ccm-rules.md');
const scanned = ['apps', 'libs'];
const skippedDirs = new Set(['node_modules', 'dist', 'coverage']);

/** A family of 3 to 6 capitals, an optional year (CHG-2026-1), a number. */
const RULE_ID = /\b[A-Z]{3,6}(?:-\d{4})?-\d+\b/g;

/** Tokens shaped like a rule id that name something else. */
const NOT_RULE_IDS: readonly RegExp[] = [
  /^ICD-10$/, // the diagnosis code set
  /^PHQ-\d+$/, // depression questionnaires
  /^SHA-\d+$/, // hash functions
  /^UTF-\d+$/, // text encodings
  /^UTC-\d+$/, // offsets from UTC
  /^CCM-\d{3}$/, // worked example case ids (docs/billing-examples)
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return skippedDirs.has(entry.name) ? [] : filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}

/** Rule id -> the repository files that cite it. */
function idsCitedInCode(): Map<string, string[]> {
  const cited = new Map<string, string[]>();
  for (const file of scanned.flatMap((dir) => filesUnder(path.join(repoRoot, dir)))) {
    const ids = new Set(readFileSync(file, 'utf8').match(RULE_ID) ?? []);
    for (const id of ids) {
      if (NOT_RULE_IDS.some((pattern) => pattern.test(id))) continue;
      cited.set(id, [...(cited.get(id) ?? []), path.relative(repoRoot, file)]);
    }
  }
  return cited;
}

/** Ids the reference explains: each opens a list item (`- **CONS-1** ...`) or appears in a heading. */
function idsDocumented(): Set<string> {
  const documented = new Set<string>();
  for (const line of readFileSync(rulesDoc, 'utf8').split('\n')) {
    const item = /^\s*- \*\*([A-Z]{3,6}(?:-\d{4})?-\d+)\*\*/.exec(line);
    if (item) documented.add(item[1]);
    if (line.startsWith('#')) for (const id of line.match(RULE_ID) ?? []) documented.add(id);
  }
  return documented;
}

describe('rule ids cited in the code are documented in docs/ccm-rules.md', () => {
  const cited = idsCitedInCode();
  const documented = idsDocumented();

  it('finds the ids on both sides (a scan that finds nothing proves nothing)', () => {
    expect(cited.size).toBeGreaterThan(50);
    expect(documented.size).toBeGreaterThan(100);
    expect(cited.get('CONS-1')).toBeDefined();
    expect(documented.has('CONS-1')).toBe(true);
  });

  it('every cited id has its entry', () => {
    const missing = [...cited.entries()]
      .filter(([id]) => !documented.has(id))
      .map(
        ([id, files]) => `${id} (cited in ${files.slice(0, 3).join(', ')}${files.length > 3 ? ', ...' : ''})`,
      )
      .sort();
    // An id here is either a rule to add to docs/ccm-rules.md or, if it is not a rule, a pattern for NOT_RULE_IDS.
    expect(missing).toEqual([]);
  });
});
