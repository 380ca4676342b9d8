import { AccessLog, PURPOSES_OF_USE, type PurposeOfUse } from '@ccm/audit';
import { USER_ROLES, type Actor, type UserRole } from '@ccm/domain';
import type { EventStore } from '@ccm/event-store';
import { systemClock } from '@ccm/record';
import { accessLogShardsOf } from '@ccm/runtime';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { CliUsageError, type CliIo } from './cli-command';

/** Who runs a CLI read, as whom and why: the same attribution the api takes from its token and header. */
export interface CliReader {
  readonly actor: Actor;
  readonly purpose: PurposeOfUse;
  /** ACCESS_LOG_SHARDS, as the api has it: a practice-wide read goes to one of that many streams. */
  readonly accessLogShards: number;
}

/** Who runs a command: `--as USER`, else CCM_CLI_USER, else the operating-system user. */
export function cliUserId(options: ReadonlyMap<string, string | true>, io: CliIo): string {
  const as = options.get('as') ?? io.env.CCM_CLI_USER ?? `cli:${userInfo().username}`;
  if (typeof as !== 'string' || as.trim().length === 0) throw new CliUsageError('--as needs a user name');
  return as.trim();
}

/**
 * `--as USER` (else CCM_CLI_USER, else the operating-system user), `--role ROLE` and `--purpose P`:
 * a CLI read of patient records is logged like an api read, never anonymously.
 */
export function cliReader(
  options: ReadonlyMap<string, string | true>,
  io: CliIo,
  practiceId: string,
  defaults: { readonly role: UserRole; readonly purpose: PurposeOfUse },
): CliReader {
  const userId = cliUserId(options, io);
  const role = options.get('role') ?? defaults.role;
  if (typeof role !== 'string' || !(USER_ROLES as readonly string[]).includes(role)) {
    throw new CliUsageError(`--role must be one of ${USER_ROLES.join(', ')}`);
  }
  const purpose = options.get('purpose') ?? defaults.purpose;
  if (typeof purpose !== 'string' || !(PURPOSES_OF_USE as readonly string[]).includes(purpose)) {
    throw new CliUsageError(`--purpose must be one of ${PURPOSES_OF_USE.join(', ')}`);
  }
  return {
    actor: { userId, role: role as UserRole, practiceId },
    purpose: purpose as PurposeOfUse,
    accessLogShards: accessLogShardsOf(io.env),
  };
}

/** Logs the read before anything is shown: a read that cannot be logged is not served. */
export async function logCliRead(
  store: EventStore,
  reader: CliReader,
  command: string,
  patientId?: string,
): Promise<void> {
  const log = new AccessLog(store, systemClock, { practiceShards: reader.accessLogShards });
  const entry = { what: command, purpose: reader.purpose, channel: 'cli' as const, requestId: randomUUID() };
  if (patientId === undefined) await log.practiceRead(reader.actor, entry);
  else await log.patientRead(reader.actor, patientId, entry);
}
