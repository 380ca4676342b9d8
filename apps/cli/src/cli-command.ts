export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

/** One `npm run ccm -- <path...> [args]` job. `run` returns the process exit code. */
export interface CliCommand {
  readonly path: readonly string[];
  readonly usage: string;
  readonly summary: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Exit code for input the command refuses (the message goes to stderr). */
export const EXIT_USAGE = 2;

export class CliUsageError extends Error {}

/** Parses `--name value` and `--flag` options; positional arguments are kept in order. */
export function parseOptions(args: readonly string[]): {
  options: Map<string, string | true>;
  positional: string[];
} {
  const options = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) {
        options.set(arg.slice(2, eq), arg.slice(eq + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith('--')) {
        options.set(arg.slice(2), args[++i]);
      } else {
        options.set(arg.slice(2), true);
      }
    } else {
      positional.push(arg);
    }
  }
  return { options, positional };
}

export function requireOption(options: Map<string, string | true>, name: string): string {
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
