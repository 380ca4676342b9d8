import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fieldPaths } from './field-paths';

const DOC = join(__dirname, '../../../../../docs/billing-facts-from-events.md');

describe('docs/billing-facts-from-events.md', () => {
  const doc = readFileSync(DOC, 'utf8');
  const documented = new Set([...doc.matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map((m) => m[1]));

  it('names the route and event of every field of PatientMonthFacts', () => {
    expect(fieldPaths().filter((path) => !documented.has(path))).toEqual([]);
  });

  it('documents no field the format does not have', () => {
    const paths = new Set(fieldPaths());
    expect([...documented].filter((path) => !paths.has(path))).toEqual([]);
  });
});
