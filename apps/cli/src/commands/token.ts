import { IdentityConfigError, loadIdentityConfig, signAccessToken } from '@ccm/auth';
import { isId, USER_ROLES, type UserRole } from '@ccm/domain';
import { CliUsageError, defineCommand, requireOption } from '../cli-command';

/** A link is for signing in now: it is short-lived, as a link may be seen on a screen or pasted. */
const LINK_TTL_SECONDS = 15 * 60;

function dashboardOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliUsageError('--origin must be a URL such as http://localhost:3000');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CliUsageError('--origin must be an http or https URL');
  return url.origin;
}

/**
 * Mints a bearer token signed with CCM_JWT_SECRET (or the development secret, said on stderr), with the
 * issuer and audience the api checks, and no longer-lived than it accepts. With an identity provider
 * (CCM_JWT_JWKS_URL) tokens come from the provider, never from here.
 */
export const tokenCommand = defineCommand({
  path: ['token'],
  usage: 'token --role R --practice P --user U [--ttl seconds] [--link [--origin URL]]',
  summary: 'mint a development bearer token',
  options: [
    { flags: '--role <R>', description: `the user's role: ${USER_ROLES.join(', ')}` },
    { flags: '--practice <P>', description: 'the practice id the token is for' },
    { flags: '--user <U>', description: 'the user id' },
    {
      flags: '--ttl <seconds>',
      description:
        'lifetime in seconds (default 28800, or 900 with --link; at most CCM_JWT_MAX_LIFETIME_SECONDS)',
    },
    {
      flags: '--link',
      description:
        'print a dashboard sign-in link instead (the token in its fragment, never sent to a server)',
    },
    { flags: '--origin <URL>', description: 'the api origin for --link (default http://localhost:$PORT)' },
  ],
  async execute({ options }, io) {
    const role = requireOption(options, 'role');
    const practiceId = requireOption(options, 'practice');
    const userId = requireOption(options, 'user');
    if (!(USER_ROLES as readonly string[]).includes(role)) {
      throw new CliUsageError(`--role must be one of ${USER_ROLES.join(', ')}`);
    }
    if (!isId(practiceId) || !isId(userId))
      throw new CliUsageError('--practice and --user are 1-64 letters, digits, _ or -');
    let identity;
    try {
      identity = loadIdentityConfig(io.env);
    } catch (error) {
      if (error instanceof IdentityConfigError) throw new CliUsageError(error.message);
      throw error;
    }
    const { keys, policy } = identity;
    if (keys.kind !== 'secret')
      throw new CliUsageError(
        'CCM_JWT_JWKS_URL is set: the api accepts only tokens from the identity provider; get one there',
      );
    const link = options.has('link');
    const origin = dashboardOrigin(
      String(options.get('origin') ?? `http://localhost:${io.env.PORT ?? 3000}`),
    );
    const defaultTtl = link ? LINK_TTL_SECONDS : 8 * 3600;
    const ttl = Number(options.get('ttl') ?? Math.min(defaultTtl, policy.maxLifetimeSeconds));
    if (!Number.isInteger(ttl) || ttl <= 0 || ttl > policy.maxLifetimeSeconds)
      throw new CliUsageError(
        `--ttl must be a whole number of seconds from 1 to ${policy.maxLifetimeSeconds} (CCM_JWT_MAX_LIFETIME_SECONDS)`,
      );
    if (keys.isDevelopmentSecret)
      io.stderr.write('note: CCM_JWT_SECRET is not set; signed with the development secret\n');
    const token = signAccessToken({ userId, role: role as UserRole, practiceId }, keys.secret, {
      now: new Date(),
      ttlSeconds: ttl,
      ...(policy.issuer ? { issuer: policy.issuer } : {}),
      ...(policy.audience ? { audience: policy.audience } : {}),
    });
    io.stdout.write(link ? `${origin}/app/sign-in#token=${token}\n` : `${token}\n`);
    return 0;
  },
});
