import { CliUsageError } from './cli-errors';
import { runProgram } from './program';

export { CliUsageError, EXIT_USAGE } from './cli-errors';

export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

/** One option, in commander's notation: `--month <YYYY-MM>` takes a value, `--force` is a flag. */
export interface CliOption {
  readonly flags: string;
  readonly description: string;
}

/** One positional argument, in commander's notation: `<file>` is required, `[file]` optional. */
export interface CliArgument {
  readonly name: string;
  readonly description: string;
}

/** What commander parsed: options by their long name (`keep-old`), a flag as `true`; positionals in order. */
export interface ParsedArgs {
  readonly options: ReadonlyMap<string, string | true>;
  readonly positional: readonly string[];
}

/** One `npm run ccm -- <path...> [args]` job, declared for commander. */
export interface CliCommandSpec {
  readonly path: readonly string[];
  /** The synopsis, path first: `billing export --month YYYY-MM --practice P [...]`. */
  readonly usage: string;
  readonly summary: string;
  readonly arguments?: readonly CliArgument[];
  readonly options?: readonly CliOption[];
  /** Printed after the options by `--help`. */
  readonly details?: string;
  /** Runs the job on what commander parsed; returns the process exit code. */
  execute(args: ParsedArgs, io: CliIo): Promise<number>;
}

export interface CliCommand extends CliCommandSpec {
  /**
   * Parses `args` (what follows the path) with commander and executes. `--help` prints the help (0); an
   * unknown option or a surplus argument is refused with commander's message (EXIT_USAGE). A
   * CliUsageError thrown by the job itself is left to the caller (runCli prints it with the usage).
   */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

export function defineCommand(spec: CliCommandSpec): CliCommand {
  const command: CliCommand = {
    ...spec,
    run: (args, io) => runProgram([command], [...spec.path, ...args], io),
  };
  return command;
}

/** The options every command that reads patient records takes: who reads, as what, why. */
export const READER_OPTIONS: readonly CliOption[] = [
  { flags: '--as <USER>', description: 'who reads (default: CCM_CLI_USER, else the operating-system user)' },
  { flags: '--role <ROLE>', description: 'the role the read is logged under' },
  { flags: '--purpose <PURPOSE>', description: 'the purpose of use the read is logged under' },
];

export function requireOption(options: ReadonlyMap<string, string | true>, name: string): string {
  const value = options.get(name);
  if (typeof value !== 'string' || value.length === 0) {
    throw new CliUsageError(`missing required option --${name}`);
  }
  return value;
}

export async function readAllText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}
