import { USER_ROLES } from '@ccm/domain';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { CliUsageError, defineCommand, EXIT_USAGE, type CliIo } from './cli-command';
import { commands } from './commands';
import { auditVerifyCommand } from './commands/audit';
import { ProgressBar } from './progress';
import { runCli } from './run-cli';

/** An io whose stderr is a terminal or not, capturing what is written. */
function captureIo(options: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  if (options.tty) Object.assign(stderr, { isTTY: true });
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const io: CliIo = { stdin: Readable.from([]), stdout, stderr, env: options.env ?? {} };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

async function cli(argv: string[], options: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const run = captureIo(options);
  const code = await runCli(argv, run.io, commands);
  return { code, stdout: run.out(), stderr: run.err() };
}

describe('the command line on commander', () => {
  it('--help on the program lists every command and answers 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const result = await cli(argv);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toContain('Usage: npm run ccm --');
      for (const name of ['token', 'seed', 'billing', 'audit', 'projections', 'backup', 'restore']) {
        expect(result.stdout).toMatch(new RegExp(`^ {2}${name}\\b`, 'm'));
      }
    }
  });

  it.each(commands.map((c) => [c.path.join(' '), c] as const))(
    '%s --help prints its usage and options and answers 0, without running it',
    async (_name, command) => {
      const result = await cli([...command.path, '--help']);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toContain(`Usage: ${command.usage.replace(/^/, 'npm run ccm -- ')}`);
      expect(result.stdout).toContain(command.summary);
      for (const option of command.options ?? []) expect(result.stdout).toContain(option.flags);
      // Also straight through the command, as the specs call it, and as `help <command>`.
      const direct = captureIo();
      expect(await command.run(['--help'], direct.io)).toBe(0);
      expect(direct.out()).toBe(result.stdout);
      const helpWords = [...command.path.slice(0, -1), 'help', ...command.path.slice(-1)];
      expect((await cli(helpWords)).stdout).toBe(result.stdout);
    },
  );

  it('--help on a group lists its commands', async () => {
    const result = await cli(['audit', '--help']);
    expect(result.code).toBe(0);
    for (const name of ['verify', 'anchor', 'replay', 'evidence']) expect(result.stdout).toContain(name);
  });

  it('refuses an unknown option with exit 2 and says which, before doing anything', async () => {
    for (const argv of [
      ['token', '--role', 'admin', '--practice', 'p', '--user', 'u', '--rol', 'x'],
      ['billing', 'export', '--month', '2026-02', '--practice', 'demo', '--formt', 'csv'],
      ['seed', '--patient', '3'],
      ['--verbose', 'seed'],
    ]) {
      const result = await cli(argv);
      expect(result.code).toBe(EXIT_USAGE);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^error: unknown option '--[a-z]+'/);
      expect(result.stderr).toContain('--help');
    }
  });

  it('refuses an unknown command, a bare group and surplus arguments with exit 2', async () => {
    const unknown = await cli(['frobnicate']);
    expect(unknown).toMatchObject({ code: EXIT_USAGE, stdout: '' });
    expect(unknown.stderr).toMatch(/^error: unknown command 'frobnicate'/);
    const unknownSub = await cli(['billing', 'evaluat']);
    expect(unknownSub.code).toBe(EXIT_USAGE);
    expect(unknownSub.stderr).toContain("unknown command 'evaluat'");
    expect(unknownSub.stderr).toContain('(Did you mean evaluate?)');
    const bare = await cli([]);
    expect(bare).toMatchObject({ code: EXIT_USAGE, stdout: '' });
    expect(bare.stderr).toContain('Usage: npm run ccm --');
    expect((await cli(['billing'])).code).toBe(EXIT_USAGE);
    const surplus = await cli(['seed', 'now']);
    expect(surplus.code).toBe(EXIT_USAGE);
    expect(surplus.stderr).toContain('too many arguments');
  });

  it("prints a job's own refusal with its usage, exit 2", async () => {
    const result = await cli(['token', '--role', 'janitor', '--practice', 'p', '--user', 'u']);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toBe(
      `--role must be one of ${USER_ROLES.join(', ')}\n` +
        'usage: npm run ccm -- token --role R --practice P --user U [--ttl seconds] [--link [--origin URL]]\n',
    );
  });

  it('mints tokens the api accepts: its issuer and audience, within its maximum lifetime, never beside a provider', async () => {
    const env = {
      CCM_JWT_SECRET: 'k7#Qz9!mWp2$Lx4@Rv8^Tn6&Yb3*Hc5%Jd1',
      CCM_JWT_ISSUER: 'https://ccm.example',
      CCM_JWT_AUDIENCE: 'ccm-api',
      CCM_JWT_MAX_LIFETIME_SECONDS: '3600',
    };
    const minted = await cli(['token', '--role', 'auditor', '--practice', 'p', '--user', 'u'], { env });
    expect(minted.code).toBe(0);
    const claims = JSON.parse(Buffer.from(minted.stdout.split('.')[1], 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({ iss: 'https://ccm.example', aud: 'ccm-api', practice: 'p', sub: 'u' });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    const long = await cli(
      ['token', '--role', 'auditor', '--practice', 'p', '--user', 'u', '--ttl', '7200'],
      {
        env,
      },
    );
    expect(long.code).toBe(EXIT_USAGE);
    expect(long.stderr).toContain('--ttl must be a whole number of seconds from 1 to 3600');
    const provider = await cli(['token', '--role', 'auditor', '--practice', 'p', '--user', 'u'], {
      env: { CCM_JWT_JWKS_URL: 'http://127.0.0.1:9/jwks', CCM_JWT_ISSUER: 'i', CCM_JWT_AUDIENCE: 'a' },
    });
    expect(provider.code).toBe(EXIT_USAGE);
    expect(provider.stderr).toContain('identity provider');
  });

  it('passes options and positionals to the job as before: `--name value`, `--name=value`, flags', async () => {
    const seen: unknown[] = [];
    const probe = defineCommand({
      path: ['probe'],
      usage: 'probe [file] --n N [--flag]',
      summary: 'test',
      arguments: [{ name: '[file]', description: 'a file' }],
      options: [
        { flags: '--n <N>', description: 'n' },
        { flags: '--flag', description: 'flag' },
        { flags: '--two-words <W>', description: 'w' },
      ],
      async execute({ options, positional }) {
        seen.push([Object.fromEntries(options), positional]);
        if (options.get('n') === 'bad') throw new CliUsageError('--n is bad');
        return 7;
      },
    });
    const io = captureIo().io;
    expect(await probe.run(['-', '--n', '-5', '--flag', '--two-words=a b'], io)).toBe(7);
    expect(await probe.run([], io)).toBe(7);
    expect(seen).toEqual([
      [{ n: '-5', flag: true, 'two-words': 'a b' }, ['-']],
      [{}, []],
    ]);
    await expect(probe.run(['--n', 'bad'], io)).rejects.toBeInstanceOf(CliUsageError);
    expect(await probe.run(['--n'], io)).toBe(EXIT_USAGE);
  });
});

describe('progress bars only on a terminal', () => {
  it('draws on a terminal and ends the line', () => {
    const run = captureIo({ tty: true });
    const bar = new ProgressBar(run.io.stderr, 'events', 10);
    bar.update(5, true);
    bar.finish(10);
    expect(run.err()).toMatch(/^\revents \[#{12}\.{12}\] 5\/10 .*\r.*events \[#{24}\] 10\/10 .*\n$/s);
  });

  it('into a file or a pipe writes only a final summary line, or nothing when told', () => {
    const run = captureIo();
    const bar = new ProgressBar(run.io.stderr, 'events', 10);
    for (let i = 1; i <= 10; i++) bar.update(i, true);
    expect(run.err()).toBe('');
    bar.finish(10);
    expect(run.err()).toMatch(/^events: 10 in \d+\.\ds \([\d,]+\/s\)\n$/);
    const quiet = captureIo();
    const counting = new ProgressBar(quiet.io.stderr, 'counting', undefined, { summary: false });
    counting.update(3, true);
    counting.finish(3);
    expect(quiet.err()).toBe('');
  });

  it('a command run with stderr redirected writes no bar, no carriage return, no escape code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccm-cli-progress-'));
    try {
      const env = { CCM_DATA_DIR: dir, CCM_SQLITE_SYNCHRONOUS: 'NORMAL' };
      const seeded = await cli(['seed', '--patients', '3', '--months', '1', '--last-day', '2026-03-30'], {
        env,
      });
      expect(seeded.code).toBe(0);
      const run = captureIo({ env });
      expect(await auditVerifyCommand.run([], run.io)).toBe(0);
      for (const stderr of [seeded.stderr, run.err()]) {
        expect(stderr).not.toMatch(/[\r\u001b]/);
        expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run ccm as a process', () => {
  const repoRoot = resolve(__dirname, '../../..');
  const ccm = (args: string[]) =>
    spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        './scripts/register-aliases.js',
        'apps/cli/src/main.ts',
        ...args,
      ],
      { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
    );

  // Starts ts-node: seconds, not milliseconds.
  it('exits 0 for --help and 2 for an unknown option or command', () => {
    const help = ccm(['backup', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--out <FILE>');
    const unknown = ccm(['backup', '--outt', 'x']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("error: unknown option '--outt'");
    expect(ccm(['bakup']).status).toBe(2);
  }, 90_000);
});
