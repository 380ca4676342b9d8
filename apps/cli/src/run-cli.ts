import type { CliCommand, CliIo } from './cli-command';
import { EXIT_USAGE } from './cli-errors';
import { PROGRAM_NAME, runProgram } from './program';

/**
 * Runs the command the arguments name, through commander: `--help` on the program and on every command,
 * unknown commands and options refused with EXIT_USAGE, and a job's own refusal (CliUsageError) printed
 * with that command's usage, also EXIT_USAGE.
 */
export function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[]): Promise<number> {
  return runProgram(commands, argv, io, {
    onUsageError(error, command) {
      io.stderr.write(`${error.message}\nusage: ${PROGRAM_NAME} ${command.usage}\n`);
      return EXIT_USAGE;
    },
  });
}
