import { AccessSetupError, UsersApi } from './eventstore-access';
import type { Credentials, HttpAnswer } from './node-http';

interface User {
  password: string;
  groups: string[];
  disabled: boolean;
}

/**
 * EventStoreDB's HTTP users API as far as the job uses it: /users/$current authenticates, and an admin
 * gets, creates (201, or 409 when taken), updates, enables and resets the password of a user.
 */
class FakeUsersApi {
  readonly users = new Map<string, User>([
    ['admin', { password: 'admin-password-0123456789', groups: ['$admins'], disabled: false }],
    ['ops', { password: 'changeit', groups: ['$ops'], disabled: false }],
  ]);
  readonly writes: string[] = [];

  async call(method: string, path: string, as: Credentials, body?: unknown): Promise<HttpAnswer> {
    const caller = this.users.get(as.username);
    if (!caller || caller.disabled || caller.password !== as.password)
      return { status: 401, body: undefined };
    if (path === '/users/%24current') return { status: 200, body: { data: { loginName: as.username } } };
    if (!caller.groups.includes('$admins')) return { status: 401, body: undefined };
    const data = (body ?? {}) as Record<string, unknown>;
    if (method === 'POST' && path === '/users/') {
      const login = String(data.loginName);
      if (this.users.has(login)) return { status: 409, body: undefined };
      this.users.set(login, {
        password: String(data.password),
        groups: data.groups as string[],
        disabled: false,
      });
      this.writes.push(`create ${login}`);
      return { status: 201, body: undefined };
    }
    const match = /^\/users\/([^/]+)(\/command\/[a-z-]+)?$/.exec(path);
    const user = match && this.users.get(decodeURIComponent(match[1]));
    if (!match || !user) return { status: 404, body: undefined };
    const login = decodeURIComponent(match[1]);
    if (method === 'GET' && !match[2])
      return {
        status: 200,
        body: { data: { loginName: login, groups: user.groups, disabled: user.disabled }, success: true },
      };
    if (method === 'PUT' && !match[2]) user.groups = data.groups as string[];
    else if (method === 'POST' && match[2] === '/command/enable') user.disabled = false;
    else if (method === 'POST' && match[2] === '/command/reset-password')
      user.password = String(data.newPassword);
    else return { status: 405, body: undefined };
    this.writes.push(`${method} ${path}`);
    return { status: 200, body: undefined };
  }
}

const admin = { username: 'admin', password: 'admin-password-0123456789' };
const ops = { username: 'ops', password: 'ops-password-0123456789' };
const app = { username: 'ccm', password: 'app-password-0123456789' };

async function converge(fake: FakeUsersApi) {
  const log: string[] = [];
  const users = new UsersApi(fake, admin, (line) => log.push(line));
  await users.checkAdmin(30, 10);
  await users.ensure(ops, 'Operations', ['$ops']);
  await users.ensure(app, 'CCM application', ['ccm-app']);
  return log;
}

describe('eventstore-access users', () => {
  it('on a new cluster: creates ccm in ccm-app only, and takes ops off the default password', async () => {
    const fake = new FakeUsersApi();
    expect(await converge(fake)).toEqual(['user ops: password set', 'user ccm: created']);
    expect(fake.users.get('ccm')).toEqual({ password: app.password, groups: ['ccm-app'], disabled: false });
    expect(fake.users.get('ops')?.password).toBe(ops.password);
  });

  it('changes nothing the second time', async () => {
    const fake = new FakeUsersApi();
    await converge(fake);
    const writes = fake.writes.length;
    expect(await converge(fake)).toEqual([]);
    expect(fake.writes).toHaveLength(writes);
  });

  it('takes back rights given by hand, enables, and restores the password', async () => {
    const fake = new FakeUsersApi();
    await converge(fake);
    fake.users.set('ccm', {
      password: 'someone-else-s-password',
      groups: ['ccm-app', '$admins'],
      disabled: true,
    });
    expect(await converge(fake)).toEqual([
      'user ccm: groups set to ccm-app',
      'user ccm: enabled',
      'user ccm: password set',
    ]);
    expect(fake.users.get('ccm')).toEqual({ password: app.password, groups: ['ccm-app'], disabled: false });
  });

  it('stops when the nodes refuse the admin password, and says how to rotate it', async () => {
    const fake = new FakeUsersApi();
    fake.users.get('admin')!.password = 'rotated-on-the-server-0123';
    await expect(converge(fake)).rejects.toThrow(AccessSetupError);
    await expect(converge(fake)).rejects.toThrow(/Rotating passwords/);
    expect(fake.writes).toEqual([]);
  });
});

describe('eventstore-access on a cluster without ops', () => {
  it('creates ops in $ops', async () => {
    const fake = new FakeUsersApi();
    fake.users.delete('ops');
    expect(await converge(fake)).toEqual(['user ops: created', 'user ccm: created']);
    expect(fake.users.get('ops')).toEqual({ password: ops.password, groups: ['$ops'], disabled: false });
  });
});
