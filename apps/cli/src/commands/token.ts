import { chooseJwtSecret, signAccessToken } from '@ccm/auth';
import { isId, USER_ROLES, type UserRole } from '@ccm/domain';
import { CliUsageError, defineCommand, requireOption } from '../cli-command';

/** Mints a bearer token signed with CCM_JWT_SECRET (or the development secret, said on stderr). */
export const tokenCommand = defineCommand({
  path: ['token'],
  usage: 'token --role R --practice P --user U [--ttl seconds]',
  summary: 'mint a development bearer token',
  options: [
    { flags: '--role <R>', description: `the user's role: ${USER_ROLES.join(', ')}` },
    { flags: '--practice <P>', description: 'the practice id the token is for' },
    { flags: '--user <U>', description: 'the user id' },
    { flags: '--ttl <seconds>', description: 'lifetime in seconds (default 28800)' },
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
    const ttl = Number(options.get('ttl') ?? 8 * 3600);
    if (!Number.isInteger(ttl) || ttl <= 0)
      throw new CliUsageError('--ttl must be a positive number of seconds');
    const { secret, isDevelopmentSecret } = chooseJwtSecret(io.env);
    if (isDevelopmentSecret)
      io.stderr.write('note: CCM_JWT_SECRET is not set; signed with the development secret\n');
    io.stdout.write(
      `${signAccessToken({ userId, role: role as UserRole, practiceId }, secret, { now: new Date(), ttlSeconds: ttl })}\n`,
    );
    return 0;
  },
});
