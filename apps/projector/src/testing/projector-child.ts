import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '..', '..', '..', '..');

/** The projector process (apps/projector/src/main.ts) from its TypeScript sources, its output kept. */
export function startProjectorChild(env: NodeJS.ProcessEnv): ChildProcess & { output: string[] } {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      join(REPO, 'scripts', 'register-aliases.js'),
      join(REPO, 'apps', 'projector', 'src', 'main.ts'),
    ],
    { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] },
  ) as ChildProcess & { output: string[] };
  child.output = [];
  child.stdout?.on('data', (c: Buffer) => child.output.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => child.output.push(c.toString()));
  return child;
}
