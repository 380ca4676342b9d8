import 'reflect-metadata';
import { commands } from './commands';
import { runCli } from './run-cli';

runCli(
  process.argv.slice(2),
  { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env },
  commands,
)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`ccm: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
