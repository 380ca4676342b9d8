import { PassThrough, Readable } from 'node:stream';
import type { CliCommand } from '../cli-command';

/** Runs one CLI command in-process, capturing what it writes and its exit code. */
export async function runCommand(
  command: CliCommand,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await command.run(args, { stdin: Readable.from([]), stdout, stderr, env });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
