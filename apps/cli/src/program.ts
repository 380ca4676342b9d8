import { Command, CommanderError } from 'commander';
import type { CliCommandSpec, CliIo, ParsedArgs } from './cli-command';
import { IntegrityViolationError } from '@ccm/record';
import { CliUsageError, EXIT_TAMPERED, EXIT_USAGE } from './cli-errors';

export const PROGRAM_NAME = 'npm run ccm --';

/** What the command groups (`billing`, `audit`, `projections`) are for, in the help. */
const GROUPS: Readonly<Record<string, string>> = {
  audit: 'verify, anchor, replay and evidence of the record',
  billing: 'billing decisions and claim exports',
  projections: 'read models',
};

interface Handlers {
  /** A CliUsageError from a job: answered here (runCli), else thrown to the caller. */
  readonly onUsageError?: (error: CliUsageError, spec: CliCommandSpec) => number;
}

function parsedArgs(command: Command): ParsedArgs {
  const values = command.opts<Record<string, unknown>>();
  const options = new Map<string, string | true>();
  for (const option of command.options) {
    const value = values[option.attributeName()];
    if (value === undefined || value === false || option.long === undefined) continue;
    options.set(option.long.replace(/^--/, ''), value === true ? true : String(value));
  }
  return { options, positional: [...command.args] };
}

/** The commander program of these commands, writing to `io`, never exiting the process. */
function buildProgram(
  specs: readonly CliCommandSpec[],
  io: CliIo,
  handlers: Handlers,
  result: { code: number },
): Command {
  const width = (stream: NodeJS.WritableStream) => (stream as { columns?: number }).columns ?? 100;
  const program = new Command(PROGRAM_NAME)
    .description('The command-line jobs of the CCM system of record.')
    .exitOverride()
    .allowExcessArguments(false)
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => width(io.stdout),
      getErrHelpWidth: () => width(io.stderr),
    });
  const groups = new Map<string, Command>();
  for (const spec of specs) {
    let parent = program;
    for (const part of spec.path.slice(0, -1)) {
      let group = groups.get(part);
      if (!group) {
        group = parent.command(part).description(GROUPS[part] ?? '');
        groups.set(part, group);
      }
      parent = group;
    }
    const leaf = parent
      .command(spec.path[spec.path.length - 1])
      .description(spec.summary)
      .usage(spec.usage.slice(spec.path.join(' ').length).trim() || '[options]');
    for (const argument of spec.arguments ?? []) leaf.argument(argument.name, argument.description);
    for (const option of spec.options ?? []) leaf.option(option.flags, option.description);
    if (spec.details) leaf.addHelpText('after', `\n${spec.details}`);
    leaf.action(async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      try {
        result.code = await spec.execute(parsedArgs(command), io);
      } catch (error) {
        if (error instanceof CliUsageError && handlers.onUsageError) {
          result.code = handlers.onUsageError(error, spec);
          return;
        }
        if (error instanceof IntegrityViolationError) {
          // Names where the record breaks, never what the altered event says.
          io.stderr.write(
            `BROKEN: the hash chain of stream ${error.streamId} breaks at revision ${error.revision}; nothing was read past it (run audit verify)\n`,
          );
          result.code = EXIT_TAMPERED;
          return;
        }
        throw error;
      }
    });
  }
  return program;
}

/**
 * Parses `argv` (the words after `npm run ccm --`) with commander and runs the command it names. Help
 * (`--help`, `help <command>`) answers 0; an unknown command or option, a missing or surplus argument, or
 * a bare group answers EXIT_USAGE with commander's message on stderr.
 */
export async function runProgram(
  specs: readonly CliCommandSpec[],
  argv: readonly string[],
  io: CliIo,
  handlers: Handlers = {},
): Promise<number> {
  const result = { code: 0 };
  const program = buildProgram(specs, io, handlers, result);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    throw error;
  }
  return result.code;
}
