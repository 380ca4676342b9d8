import { spawnSync } from 'child_process';
import { readFileSync, readdirSync } from 'fs';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import type { BillingDecision } from '@ccm/billing';
import type { CliIo } from '../cli-command';
import { runCli } from '../run-cli';
import { billingEvaluateCommand } from './billing-evaluate';
import { commands } from './index';

const repoRoot = path.resolve(__dirname, '../../../..');
const docsDir = path.join(repoRoot, 'docs');
const examplesDir = path.join(docsDir, 'billing-examples');

interface ExampleCase {
  id: string;
  facts: Record<string, unknown>;
  expected: { codes: { code: string; units: number }[]; notBillableReasons: string[] };
}

function fakeIo(stdinText = ''): { io: CliIo; stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        into.push(chunk.toString());
        done();
      },
    });
  return {
    io: { stdin: Readable.from([stdinText]), stdout: sink(out), stderr: sink(err), env: {} },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

async function evaluate(args: string[], stdinText = '') {
  const { io, stdout, stderr } = fakeIo(stdinText);
  const code = await billingEvaluateCommand.run(args, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

/** The decisions billing-facts.md §6 prints, keyed by case id (read from the document, not copied). */
function documentedDecisions(): Map<string, BillingDecision> {
  const text = readFileSync(path.join(docsDir, 'billing-facts.md'), 'utf8');
  const out = new Map<string, BillingDecision>();
  for (const section of text.split(/^### 6\.\d+ /m).slice(1)) {
    const id = /^([A-Z]+-\d+)/.exec(section)?.[1];
    const decisionBlock = /Decision:\s*```json\n([\s\S]*?)```/.exec(section)?.[1];
    if (id && decisionBlock) out.set(id, JSON.parse(decisionBlock) as BillingDecision);
  }
  return out;
}

const reasonKey = (r: { reason: string; ref?: string }) =>
  r.ref === undefined ? r.reason : `${r.reason}:${r.ref}`;
const ruleIds = (lines: string[]) =>
  new Set(
    lines.flatMap((l) =>
      l
        .split(':')[0]
        .split(',')
        .map((s) => s.trim()),
    ),
  );

describe('billing evaluate: worked examples through the CLI', () => {
  const files = readdirSync(examplesDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const documented = documentedDecisions();

  it('finds the worked examples and their documented decisions', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(documented.size).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s: codes and notBillable reasons match expected', async (file) => {
    const example = JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as ExampleCase;
    const { code, stdout, stderr } = await evaluate([path.join(examplesDir, file)]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const decision = JSON.parse(stdout) as BillingDecision;
    const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);
    expect([...decision.codes].sort(byCode)).toEqual([...example.expected.codes].sort(byCode));
    expect(decision.notBillable.map(reasonKey).sort()).toEqual(
      [...example.expected.notBillableReasons].sort(),
    );
  });

  it.each(files)('%s: full decision matches billing-facts.md §6', async (file) => {
    const example = JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as ExampleCase;
    const expected = documented.get(example.id);
    expect(expected).toBeDefined();
    if (!expected) return;
    const { stdout } = await evaluate([path.join(examplesDir, file)]);
    const decision = JSON.parse(stdout) as BillingDecision;
    expect(Object.keys(decision)).toEqual(Object.keys(expected));
    const { trace, notBillable, ...rest } = decision;
    const { trace: expectedTrace, notBillable: expectedNotBillable, ...expectedRest } = expected;
    expect(rest).toEqual(expectedRest);
    // §4: notBillable order is free.
    expect(notBillable.map(reasonKey).sort()).toEqual(expectedNotBillable.map(reasonKey).sort());
    expect(notBillable).toEqual(expect.arrayContaining(expectedNotBillable));
    // The §6 traces are worded by hand (no two alike); ours must cite at least the same rule ids, each line first.
    for (const line of trace) expect(line).toMatch(/^[A-Z]+-\d+(-\d+)?[,:]/);
    for (const id of ruleIds(expectedTrace)) expect([...ruleIds(trace)]).toContain(id);
  });
});

describe('billing evaluate: input handling', () => {
  const example = path.join(examplesDir, 'CCM-002.json');
  const exampleText = readFileSync(example, 'utf8');
  const factsText = JSON.stringify((JSON.parse(exampleText) as ExampleCase).facts);

  it('is registered in the command list and reached through runCli', async () => {
    const { io, stdout } = fakeIo();
    const code = await runCli(['billing', 'evaluate', example], io, commands);
    expect(code).toBe(0);
    expect((JSON.parse(stdout()) as BillingDecision).codes).toEqual([{ code: '99490', units: 1 }]);
    expect(commands.filter((c) => c.path.join(' ') === 'billing evaluate')).toHaveLength(1);
  });

  it('reads a bare facts document from stdin with "-" and with no argument', async () => {
    for (const args of [['-'], []]) {
      const { code, stdout } = await evaluate(args, factsText);
      expect(code).toBe(0);
      expect((JSON.parse(stdout) as BillingDecision).thresholdReachedOn).toBe('2026-03-06');
    }
  });

  it('exits 0 when a decision is made even with no billable code', async () => {
    const facts = JSON.parse(factsText) as Record<string, unknown>;
    facts.payer = { type: 'medicare_advantage', qmb: false };
    const { code, stdout } = await evaluate(['-'], JSON.stringify(facts));
    expect(code).toBe(0);
    const decision = JSON.parse(stdout) as BillingDecision;
    expect(decision.codes).toEqual([]);
    expect(decision.notBillable).toEqual([{ reason: 'NOT_MEDICARE_PART_B', rule: 'ELIG-4' }]);
  });

  it('exits 2 on invalid JSON without echoing the input', async () => {
    const { code, stdout, stderr } = await evaluate(['-'], '{"patientName": "Jane Roe", ');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/not valid JSON/);
    expect(stderr).not.toContain('Jane');
  });

  it('exits 2 naming a missing file', async () => {
    const { code, stderr } = await evaluate([path.join(examplesDir, 'no-such-case.json')]);
    expect(code).toBe(2);
    expect(stderr).toContain('no-such-case.json');
    expect(stderr).toContain('ENOENT');
  });

  it('exits 2 naming each bad field by its path in the document read', async () => {
    const doc = JSON.parse(exampleText) as ExampleCase;
    const entries = doc.facts.timeEntries as Record<string, unknown>[];
    entries[1].minutes = 0;
    entries[1].id = entries[0].id;
    delete (doc.facts.consent as Record<string, unknown>).status;
    const { code, stdout, stderr } = await evaluate(['-'], JSON.stringify(doc));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('facts.timeEntries[1].minutes');
    expect(stderr).toContain('facts.timeEntries[1].id');
    expect(stderr).toContain('facts.consent.status');
  });

  it('exits 2 for a service year without a rule set', async () => {
    const facts = JSON.parse(factsText) as Record<string, unknown>;
    facts.serviceMonth = '2019-03';
    const { code, stderr } = await evaluate(['-'], JSON.stringify(facts));
    expect(code).toBe(2);
    expect(stderr).toMatch(/serviceMonth: has no billing rule set/);
  });

  it('exits 2 for a document that is not an object, and for extra arguments', async () => {
    expect((await evaluate(['-'], '[1, 2]')).code).toBe(2);
    expect((await evaluate([example, example])).code).toBe(2);
    expect((await evaluate(['--policy', 'x', example])).code).toBe(2);
  });

  // Starts npm and ts-node: seconds, not milliseconds, whatever the suite's default timeout is.
  it('runs as `npm run ccm -- billing evaluate <file>`', () => {
    const result = spawnSync('npm', ['run', '--silent', 'ccm', '--', 'billing', 'evaluate', example], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as BillingDecision).codes).toEqual([{ code: '99490', units: 1 }]);
  }, 60_000);
});
