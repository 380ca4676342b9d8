import { CliIo, CliUsageError, EXIT_USAGE, type CliCommand } from './cli-command';

function usage(commands: readonly CliCommand[]): string {
  const lines = commands.map((c) => `  ${c.usage.padEnd(60)} ${c.summary}`);
  return ['usage: npm run ccm -- <command> [options]', '', 'commands:', ...lines, ''].join('\n');
}

/** Picks the command whose path is the longest prefix of the arguments and runs it. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly CliCommand[],
): Promise<number> {
  const candidates = commands
    .filter((c) => c.path.every((part, i) => argv[i] === part))
    .sort((a, b) => b.path.length - a.path.length);
  const command = candidates[0];
  if (!command) {
    io.stderr.write(argv.length ? `unknown command: ${argv.join(' ')}\n\n` : '');
    io.stderr.write(usage(commands));
    return EXIT_USAGE;
  }
  try {
    return await command.run(argv.slice(command.path.length), io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr.write(`${error.message}\nusage: npm run ccm -- ${command.usage}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
