import { readFileSync } from 'node:fs';
import {
  AccessDeniedError,
  BACKWARDS,
  END,
  EventStoreDBClient,
  LEADER,
  StreamNotFoundError,
  jsonEvent,
  type JSONType,
} from '@eventstore/db-client';
import { ClusterHttp, parseNodes, type Credentials, type NodeAddress } from './node-http';

/**
 * The one-shot job `eventstore-access` of docker-compose.yml: gives the EventStoreDB cluster the users
 * and access control lists the application needs, and no more. It runs on every `docker compose up`,
 * before the api and the projector, and changes only what differs (docs/deployment.md, "EventStoreDB
 * users and access").
 *
 * - `admin` keeps its password: the node set it from EVENTSTORE_ADMIN_PASSWORD when it created its
 *   database. A rejected admin password stops the job (rotating it is an operator's step).
 * - `ops` (backups, certificate reloads) gets EVENTSTORE_OPS_PASSWORD, also on a database created
 *   before the node was given EVENTSTORE_DEFAULT_OPS_PASSWORD and still answering to `changeit`.
 * - `ccm`, the application's user, exists, is enabled, has EVENTSTORE_APP_PASSWORD and belongs to one
 *   group, `ccm-app`: no `$admins`, no `$ops`.
 * - The default ACL (`$settings`): user streams are read and written by `ccm-app`; deleting a stream
 *   and reading or writing stream metadata are left to `$admins` (the application never does either:
 *   records are never deleted); system streams stay `$admins` only.
 * - `$all` may be read by `ccm-app`: the projector subscribes to it, and the api reads it for
 *   readiness, rebuilds and audits. Reading `$all` shows every event, so that is the one broad right
 *   the application keeps; it still cannot manage users, delete, change an ACL or run operations.
 *
 * Users go through the HTTP users API (always on). The ACLs are events in `$settings` and `$$$all`,
 * written over gRPC: the HTTP AtomPub API that could write them is off by default and deprecated.
 * Then it checks the result as each user: `ccm` reads `$all` and cannot list users (else it fails);
 * whether `ops` can read `$all` is reported. Passwords are never printed.
 */

export const APP_USER = 'ccm';
export const APP_GROUP = 'ccm-app';
export const MIN_PASSWORD_LENGTH = 16;
/** Characters that go into a connection string's user info as they are (RFC 3986 unreserved). */
const URL_SAFE = /^[A-Za-z0-9._~-]+$/;

export interface AccessSettings {
  readonly nodes: readonly NodeAddress[];
  readonly caFile: string;
  readonly admin: Credentials;
  readonly ops: Credentials;
  readonly app: Credentials;
}

export class AccessSetupError extends Error {
  override readonly name = 'AccessSetupError';
}

/** What is wrong with a password, named by its variable, never quoted. */
export function passwordProblem(
  name: string,
  value: string | undefined,
  urlSafe: boolean,
): string | undefined {
  if (!value) return `${name} is required`;
  if (value.toLowerCase() === 'changeit') return `${name} is EventStoreDB's published default password`;
  if (value.length < MIN_PASSWORD_LENGTH)
    return `${name} needs at least ${MIN_PASSWORD_LENGTH} characters (openssl rand -hex 24)`;
  if (/[\x00-\x1f\x7f]/.test(value)) return `${name} holds a control character`;
  if (urlSafe && !URL_SAFE.test(value))
    return `${name} may hold only letters, digits and . _ ~ - (it goes into the connection string as it is)`;
  return undefined;
}

/** The job's settings from its environment; every problem at once, by variable name. */
export function readAccessSettings(env: NodeJS.ProcessEnv): AccessSettings {
  const problems: string[] = [];
  const nodes = parseNodes(env.EVENTSTORE_NODES);
  if (!nodes) problems.push('EVENTSTORE_NODES must list host:port of every node, comma-separated');
  const caFile = env.EVENTSTORE_CA_FILE ?? '';
  if (!caFile) problems.push('EVENTSTORE_CA_FILE is required');
  const passwords = {
    EVENTSTORE_ADMIN_PASSWORD: [env.EVENTSTORE_ADMIN_PASSWORD, false],
    EVENTSTORE_OPS_PASSWORD: [env.EVENTSTORE_OPS_PASSWORD, false],
    EVENTSTORE_APP_PASSWORD: [env.EVENTSTORE_APP_PASSWORD, true],
  } as const;
  for (const [name, [value, urlSafe]] of Object.entries(passwords)) {
    const problem = passwordProblem(name, value, urlSafe);
    if (problem) problems.push(problem);
  }
  const values = Object.values(passwords).map(([value]) => value ?? '');
  if (values.every((v) => v !== '') && new Set(values).size < values.length)
    problems.push(
      'EVENTSTORE_ADMIN_PASSWORD, EVENTSTORE_OPS_PASSWORD and EVENTSTORE_APP_PASSWORD must differ',
    );
  if (problems.length > 0) throw new AccessSetupError(problems.join('; '));
  return {
    nodes: nodes ?? [],
    caFile,
    admin: { username: 'admin', password: env.EVENTSTORE_ADMIN_PASSWORD ?? '' },
    ops: { username: 'ops', password: env.EVENTSTORE_OPS_PASSWORD ?? '' },
    app: { username: APP_USER, password: env.EVENTSTORE_APP_PASSWORD ?? '' },
  };
}

/** The `$settings` event: the default ACL of every stream that has none of its own. */
export function defaultAcl(group: string = APP_GROUP) {
  return {
    $userStreamAcl: {
      $r: ['$admins', group],
      $w: ['$admins', group],
      $d: ['$admins'],
      $mr: ['$admins'],
      $mw: ['$admins'],
    },
    $systemStreamAcl: {
      $r: ['$admins'],
      $w: ['$admins'],
      $d: ['$admins'],
      $mr: ['$admins'],
      $mw: ['$admins'],
    },
  };
}

/** Who may read (and subscribe to) `$all`. */
export const allStreamReaders = (group: string = APP_GROUP): string[] => ['$admins', group];

/** Key order and single strings versus lists do not make two ACLs different. */
export function sameAcl(a: unknown, b: unknown): boolean {
  const normal = (value: unknown): unknown => {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return [...value].map(String).sort();
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .sort(([x], [y]) => x.localeCompare(y))
          .map(([k, v]) => [k, normal(v)]),
      );
    return value;
  };
  return JSON.stringify(normal(a)) === JSON.stringify(normal(b));
}

interface UserDetails {
  readonly groups: readonly string[];
  readonly disabled: boolean;
}

function userDetails(body: unknown): UserDetails {
  const root = (body ?? {}) as { data?: unknown };
  const data = (root.data ?? root) as { groups?: unknown; disabled?: unknown };
  return {
    groups: Array.isArray(data.groups) ? data.groups.map(String) : [],
    disabled: data.disabled === true,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const path = (login: string, rest = '') => `/users/${encodeURIComponent(login)}${rest}`;

/** The HTTP users API of the cluster, as admin. */
export class UsersApi {
  constructor(
    private readonly http: Pick<ClusterHttp, 'call'>,
    private readonly admin: Credentials,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * A node creates its default users shortly after it starts, so a refusal is believed only after
   * `patienceMs`.
   */
  async checkAdmin(patienceMs = 60_000, pauseMs = 2_000): Promise<void> {
    const giveUpAt = Date.now() + patienceMs;
    let answer = await this.http.call('GET', '/users/%24current', this.admin);
    while (answer.status === 401 && Date.now() < giveUpAt) {
      await sleep(pauseMs);
      answer = await this.http.call('GET', '/users/%24current', this.admin);
    }
    if (answer.status === 401)
      throw new AccessSetupError(
        'the nodes refuse EVENTSTORE_ADMIN_PASSWORD. A node takes it only when it creates its database; ' +
          'to rotate it, change it on the server first (docs/deployment.md, "Rotating passwords")',
      );
    if (answer.status !== 200) throw new Error(`GET /users/$current as admin answered ${answer.status}`);
  }

  /** Anything but 401 means the server took the credentials. */
  async authenticates(user: Credentials): Promise<boolean> {
    const answer = await this.http.call('GET', '/users/%24current', user);
    return answer.status !== 401;
  }

  async get(login: string): Promise<UserDetails | undefined> {
    const answer = await this.http.call('GET', path(login), this.admin);
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw new Error(`GET /users/${login} answered ${answer.status}`);
    return userDetails(answer.body);
  }

  async expect(method: string, target: string, body: unknown, ok: readonly number[]): Promise<void> {
    const answer = await this.http.call(method, target, this.admin, body);
    if (!ok.includes(answer.status)) throw new Error(`${method} ${target} answered ${answer.status}`);
  }

  /**
   * The user exists, is enabled, authenticates with its password, and (when `groups` is given) has
   * exactly those groups.
   */
  async ensure(user: Credentials, fullName: string, groups?: readonly string[]): Promise<void> {
    const name = user.username;
    let details = await this.get(name);
    if (!details) {
      await this.expect(
        'POST',
        '/users/',
        { loginName: name, fullName, groups: groups ?? [], password: user.password },
        [200, 201, 409],
      );
      this.log(`user ${name}: created`);
      details = (await this.get(name)) ?? { groups: groups ?? [], disabled: false };
    }
    if (groups && !sameAcl(details.groups, groups)) {
      await this.expect('PUT', path(name), { fullName, groups }, [200]);
      this.log(`user ${name}: groups set to ${groups.join(', ')}`);
    }
    if (details.disabled) {
      await this.expect('POST', path(name, '/command/enable'), undefined, [200]);
      this.log(`user ${name}: enabled`);
    }
    if (!(await this.authenticates(user))) {
      await this.expect('POST', path(name, '/command/reset-password'), { newPassword: user.password }, [200]);
      this.log(`user ${name}: password set`);
    }
  }
}

function clientFor(settings: AccessSettings, ca: Buffer): EventStoreDBClient {
  return new EventStoreDBClient(
    {
      endpoints: [...settings.nodes].map((n) => ({ address: n.host, port: n.port })),
      nodePreference: LEADER,
    },
    { rootCertificate: ca },
  );
}

async function ensureAcls(client: EventStoreDBClient, admin: Credentials, log: (line: string) => void) {
  const wanted = defaultAcl();
  let current: unknown;
  try {
    for await (const resolved of client.readStream('$settings', {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
      credentials: admin,
    }))
      current = resolved.event?.data;
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  if (sameAcl(current, wanted)) log('default ACL: as wanted');
  else {
    await client.appendToStream(
      '$settings',
      jsonEvent({ type: 'update-default-acl', data: wanted as unknown as JSONType }),
      { credentials: admin },
    );
    log(`default ACL: user streams read and written by ${APP_GROUP}; delete and metadata: $admins`);
  }

  const readers = allStreamReaders();
  const { metadata } = await client.getStreamMetadata('$all', { credentials: admin });
  if (sameAcl(metadata?.acl?.readRoles ?? [], readers)) log('$all: read by ' + readers.join(', '));
  else {
    await client.setStreamMetadata(
      '$all',
      { ...metadata, acl: { readRoles: readers } },
      { credentials: admin },
    );
    log(`$all: now read by ${readers.join(', ')}`);
  }
}

async function canReadAll(client: EventStoreDBClient, as: Credentials): Promise<boolean> {
  try {
    for await (const _ of client.readAll({ maxCount: 1, credentials: as })) break;
    return true;
  } catch (error) {
    if (error instanceof AccessDeniedError) return false;
    throw error;
  }
}

/** Nodes apply new users and ACLs within moments, not at once: check a few times before failing. */
async function eventually(what: string, check: () => Promise<boolean>, attempts = 15): Promise<void> {
  for (let i = 1; ; i++) {
    if (await check()) return;
    if (i >= attempts) throw new AccessSetupError(`check failed: ${what}`);
    await sleep(2000);
  }
}

async function verify(
  settings: AccessSettings,
  http: ClusterHttp,
  client: EventStoreDBClient,
  log: (line: string) => void,
) {
  await eventually(`${APP_USER} reads $all`, () => canReadAll(client, settings.app));
  await eventually(`${APP_USER} cannot manage users`, async () => {
    const answer = await http.call('GET', '/users/', settings.app);
    return answer.status === 401 || answer.status === 403;
  });
  log(`checked: ${APP_USER} reads $all and cannot manage users`);
  // ops keeps out of the records by the same ACL; a server that grants it more is reported, not fought.
  if (await canReadAll(client, settings.ops)) log('warning: ops can read $all on this server');
  else log('checked: ops cannot read $all');
}

export async function run(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  const settings = readAccessSettings(env);
  const ca = readFileSync(settings.caFile);
  // Healthy nodes may still be electing a leader: allow them five minutes.
  const http = new ClusterHttp(settings.nodes, ca, 300_000);
  const users = new UsersApi(http, settings.admin, log);
  await users.checkAdmin();
  await users.ensure(settings.ops, 'Operations (backups, certificate reloads)', ['$ops']);
  await users.ensure(settings.app, 'CCM application', [APP_GROUP]);
  const client = clientFor(settings, ca);
  try {
    await ensureAcls(client, settings.admin, log);
    await verify(settings, http, client, log);
  } finally {
    await client.dispose();
  }
}

/** Error text with every password taken out, whatever library wrote it. */
export function redact(text: string, env: NodeJS.ProcessEnv): string {
  let out = text;
  for (const name of ['EVENTSTORE_ADMIN_PASSWORD', 'EVENTSTORE_OPS_PASSWORD', 'EVENTSTORE_APP_PASSWORD']) {
    const value = env[name];
    if (value) out = out.split(value).join('[redacted]');
  }
  return out;
}

if (require.main === module) {
  const log = (line: string) => process.stdout.write(`eventstore-access: ${line}\n`);
  run(process.env, log).then(
    () => process.exit(0),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      process.stderr.write(`eventstore-access: ${e.name}: ${redact(e.message, process.env)}\n`);
      process.exit(1);
    },
  );
}
