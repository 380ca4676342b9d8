import { runCommand } from '../testing/run-command';
import { tokenCommand } from './token';

const claimsOf = (token: string): { exp: number; iat: number; role: string; practice: string } =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

const ARGS = ['--role', 'biller', '--practice', 'demo', '--user', 'sam'];

describe('token', () => {
  it('prints a bearer token for the role and practice, valid for eight hours by default', async () => {
    const { code, stdout } = await runCommand(tokenCommand, ARGS, {});
    expect(code).toBe(0);
    const claims = claimsOf(stdout.trim());
    expect(claims).toMatchObject({ role: 'biller', practice: 'demo' });
    expect(claims.exp - claims.iat).toBe(8 * 3600);
  });

  it('prints a dashboard sign-in link with a short-lived token in its fragment', async () => {
    const { code, stdout } = await runCommand(tokenCommand, [...ARGS, '--link'], { PORT: '3100' });
    expect(code).toBe(0);
    const link = new URL(stdout.trim());
    expect(`${link.origin}${link.pathname}${link.search}`).toBe('http://localhost:3100/app/sign-in');
    const token = /^#token=([A-Za-z0-9._-]+)$/.exec(link.hash)?.[1] ?? '';
    const claims = claimsOf(token);
    expect(claims.exp - claims.iat).toBe(15 * 60);
  });

  it('takes the origin the dashboard is served from, and refuses one that is not a web address', async () => {
    const given = await runCommand(
      tokenCommand,
      [...ARGS, '--link', '--origin', 'https://ccm.example.org/x'],
      {},
    );
    expect(given.stdout).toMatch(/^https:\/\/ccm\.example\.org\/app\/sign-in#token=/);
    await expect(runCommand(tokenCommand, [...ARGS, '--link', '--origin', 'ftp://x'], {})).rejects.toThrow(
      '--origin must be an http or https URL',
    );
  });
});
