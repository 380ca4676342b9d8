import {
  AccessSetupError,
  allStreamReaders,
  defaultAcl,
  passwordProblem,
  readAccessSettings,
  redact,
  sameAcl,
} from './eventstore-access';

const good = {
  EVENTSTORE_NODES: 'eventstore-node1:2113,eventstore-node2:2113,eventstore-node3:2113',
  EVENTSTORE_CA_FILE: '/etc/ccm/eventstore-ca/ca.crt',
  EVENTSTORE_ADMIN_PASSWORD: 'admin-0123456789abcdef',
  EVENTSTORE_OPS_PASSWORD: 'ops-0123456789abcdef!"',
  EVENTSTORE_APP_PASSWORD: 'app-0123456789abcdef',
};

describe('eventstore-access settings', () => {
  it('reads the nodes, the CA and the three users; the application is `ccm`', () => {
    expect(readAccessSettings(good)).toEqual({
      nodes: [
        { host: 'eventstore-node1', port: 2113 },
        { host: 'eventstore-node2', port: 2113 },
        { host: 'eventstore-node3', port: 2113 },
      ],
      caFile: '/etc/ccm/eventstore-ca/ca.crt',
      admin: { username: 'admin', password: good.EVENTSTORE_ADMIN_PASSWORD },
      ops: { username: 'ops', password: good.EVENTSTORE_OPS_PASSWORD },
      app: { username: 'ccm', password: good.EVENTSTORE_APP_PASSWORD },
    });
  });

  it('refuses the published default, short passwords, and a connection-string password that would need encoding', () => {
    expect(passwordProblem('P', 'changeit', false)).toMatch(/published default/);
    expect(passwordProblem('P', 'CHANGEIT', false)).toMatch(/published default/);
    expect(passwordProblem('P', 'short', false)).toMatch(/at least 16/);
    expect(passwordProblem('P', undefined, false)).toBe('P is required');
    expect(passwordProblem('P', 'abcdefghijklmnop@', true)).toMatch(/letters, digits/);
    expect(passwordProblem('P', 'abcdefghijklmnop@', false)).toBeUndefined();
    expect(passwordProblem('P', 'abcdefghijklmnop\n', false)).toMatch(/control character/);
  });

  it('names every problem at once, and never a value', () => {
    const env = {
      ...good,
      EVENTSTORE_NODES: 'node1',
      EVENTSTORE_OPS_PASSWORD: 'changeit',
      EVENTSTORE_APP_PASSWORD: 'x',
    };
    let message = '';
    try {
      readAccessSettings(env);
    } catch (error) {
      expect(error).toBeInstanceOf(AccessSetupError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/EVENTSTORE_NODES/);
    expect(message).toMatch(/EVENTSTORE_OPS_PASSWORD is EventStoreDB's published default/);
    expect(message).toMatch(/EVENTSTORE_APP_PASSWORD needs at least/);
    expect(message).not.toContain(good.EVENTSTORE_ADMIN_PASSWORD);
  });

  it('wants three different passwords', () => {
    expect(() =>
      readAccessSettings({ ...good, EVENTSTORE_OPS_PASSWORD: good.EVENTSTORE_ADMIN_PASSWORD }),
    ).toThrow(/must differ/);
  });
});

describe('eventstore-access ACLs', () => {
  it('lets ccm-app read and write user streams, and only admins delete or touch metadata and system streams', () => {
    expect(defaultAcl()).toEqual({
      $userStreamAcl: {
        $r: ['$admins', 'ccm-app'],
        $w: ['$admins', 'ccm-app'],
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
    });
    expect(allStreamReaders()).toEqual(['$admins', 'ccm-app']);
  });

  it('compares ACLs whatever the key order, and a single role as a list of one', () => {
    const wanted = defaultAcl();
    const asStored = {
      $systemStreamAcl: { $mw: '$admins', $mr: '$admins', $d: '$admins', $w: '$admins', $r: '$admins' },
      $userStreamAcl: {
        $w: ['ccm-app', '$admins'],
        $r: ['ccm-app', '$admins'],
        $d: '$admins',
        $mr: '$admins',
        $mw: '$admins',
      },
    };
    expect(sameAcl(asStored, wanted)).toBe(true);
    expect(sameAcl({ ...asStored, $userStreamAcl: { ...asStored.$userStreamAcl, $r: '$all' } }, wanted)).toBe(
      false,
    );
    expect(sameAcl(undefined, wanted)).toBe(false);
  });

  it('takes every password out of an error text', () => {
    expect(redact(`bad ${good.EVENTSTORE_APP_PASSWORD} and ${good.EVENTSTORE_OPS_PASSWORD}`, good)).toBe(
      'bad [redacted] and [redacted]',
    );
  });
});
