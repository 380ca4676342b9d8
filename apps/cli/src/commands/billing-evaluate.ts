import { promises as fs } from 'fs';
import { decide, validateFacts } from '@ccm/billing';
import { defineCommand, EXIT_USAGE, readAllText, type CliIo } from '../cli-command';

function refuse(io: CliIo, message: string): number {
  io.stderr.write(`billing evaluate: ${message}\n`);
  return EXIT_USAGE;
}

/** JSON.parse's message can quote the input, which may be patient data: keep only the position. */
function describeJsonError(error: unknown): string {
  const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
  return position === undefined
    ? 'input is not valid JSON'
    : `input is not valid JSON (at character ${position})`;
}

/** Error paths as they appear in the document read, e.g. `facts.timeEntries[2].minutes` for a test case. */
function fieldPath(path: string, wrapped: boolean): string {
  if (!wrapped) return path;
  return path === '(root)' ? 'facts' : `facts.${path}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `billing evaluate [file|-]`: reads one facts document (or `{ "facts": ... }`, the test-case shape),
 * prints the billing decision as JSON. Exit 0 whenever a decision is made, 2 for unusable input.
 */
export const billingEvaluateCommand = defineCommand({
  path: ['billing', 'evaluate'],
  usage: 'billing evaluate [file|-]',
  summary: 'Decide the billable codes of one patient-month from a facts document (stdin when no file)',
  arguments: [{ name: '[file]', description: 'the facts document; - or nothing reads stdin' }],
  details: 'Exit 0 whenever a decision is made (billable or not), 2 for input that cannot be decided.',
  async execute({ positional }, io: CliIo): Promise<number> {
    const source = positional[0] ?? '-';

    let text: string;
    try {
      text = source === '-' ? await readAllText(io.stdin) : await fs.readFile(source, 'utf8');
    } catch (error) {
      const code = isRecord(error) && typeof error.code === 'string' ? ` (${error.code})` : '';
      return refuse(io, `cannot read ${source}${code}`);
    }
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      return refuse(io, describeJsonError(error));
    }

    const wrapper = isRecord(document) && 'facts' in document ? document : null;
    const result = validateFacts(wrapper ? wrapper.facts : document);
    if (!result.ok) {
      const lines = result.errors.map((e) => `  ${fieldPath(e.path, wrapper !== null)}: ${e.message}`);
      return refuse(
        io,
        `invalid facts (${result.errors.length} error${result.errors.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
      );
    }
    io.stdout.write(`${JSON.stringify(decide(result.facts), null, 2)}\n`);
    return 0;
  },
});
