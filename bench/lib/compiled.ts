/**
 * The api as it is deployed runs compiled JavaScript (`npm start`: dist/, no ts-node). Under ts-node every
 * thread that loads TypeScript carries the compiler in its heap, the projector's worker thread included,
 * which would count against that placement's memory. This compiles the apps, libs and bench into a
 * temporary tree laid out like the repository (dist/, scripts/register-aliases.js, node_modules), so a
 * benchmark can run its servers the way `npm start` runs the api.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './child';
import { hasFlag } from './measure';

export interface CompiledTree {
  readonly root: string;
  /** node flags that resolve the @ccm/* aliases in the compiled tree. */
  readonly execArgv: readonly string[];
  /** A compiled bench/ file, e.g. `bench/lib/api-server` -> `<root>/dist/bench/lib/api-server.js`. */
  entry(path: string): string;
}

export function compileTree(root: string): CompiledTree {
  mkdirSync(join(root, 'scripts'), { recursive: true });
  copyFileSync(
    join(REPO_ROOT, 'scripts', 'register-aliases.js'),
    join(root, 'scripts', 'register-aliases.js'),
  );
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  const config = join(root, 'tsconfig.bench.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(REPO_ROOT, 'tsconfig.json'),
      compilerOptions: { outDir: join(root, 'dist'), sourceMap: false, types: ['node'] },
      include: ['apps/**/*.ts', 'libs/**/*.ts', 'bench/**/*.ts'].map((glob) => join(REPO_ROOT, glob)),
      exclude: ['**/*.spec.ts', '**/testing/**', '**/test-support/**', '**/node_modules/**'].map((glob) =>
        join(REPO_ROOT, glob),
      ),
    }),
  );
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', config], {
      cwd: REPO_ROOT,
      stdio: 'pipe',
    });
  } catch (error) {
    // Type errors elsewhere in a tree being edited still emit JavaScript; only a missing output fails.
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
    process.stderr.write(
      `compile: tsc reported problems (JavaScript emitted anyway):\n${output.slice(0, 2000)}\n`,
    );
  }
  return {
    root,
    execArgv: ['--max-semi-space-size=32', '-r', join(root, 'scripts', 'register-aliases.js')],
    entry: (path) => join(root, 'dist', `${path}.js`),
  };
}

/**
 * The tree a benchmark runs its servers from: compiled into `root`, as deployed, unless `--ts` asks for
 * the sources through ts-node (whose REPL loads Node's `domain` module: every emit and promise pays for it).
 */
export function compiledUnlessTs(root: string, announce: string): CompiledTree | undefined {
  if (hasFlag('ts')) return undefined;
  process.stderr.write(`${announce}\n`);
  return compileTree(root);
}
