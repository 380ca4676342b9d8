import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseConnectionString } from '@eventstore/db-client/dist/Client/parseConnectionString';
import { loadIdentityConfig } from '@ccm/auth';
import { loadLogConfig } from '@ccm/observability';
import { loadReadSideConfig } from '@ccm/projections';
import { loadConfig } from '@ccm/runtime';
import { loadObservabilityConfig } from '../../api/src/observability/observability-config';
import {
  REPO_ROOT,
  expressions,
  interpolateAll,
  loadComposeYaml,
  networksOf,
  readRepoFile,
  words,
  type ComposeFile,
  type ComposeService,
} from './testing/compose-file';

/**
 * docker-compose.yml is the production shape (issue 15, "Operations"). No Docker engine runs here, so
 * the file is read as compose reads it, interpolated as compose does, and held to its promises: TLS at
 * a proxy that alone publishes ports, no default password, the application as a least-privilege
 * EventStoreDB user, liveness for healthchecks and readiness for traffic, a backup job, and an
 * environment the application's own configuration loaders accept.
 */

const text = readRepoFile('docker-compose.yml');
const caddyfile = readRepoFile('deploy/Caddyfile');

/** Compose fails on each of these when it is unset or empty. */
const REQUIRED = [
  'CCM_DOMAIN',
  'EVENTSTORE_ADMIN_PASSWORD',
  'EVENTSTORE_OPS_PASSWORD',
  'EVENTSTORE_APP_PASSWORD',
  'CCM_REDIS_PASSWORD',
  'CCM_ANCHOR_KEY',
] as const;

const secret = () => randomBytes(24).toString('hex');
const ENV: Record<string, string> = {
  CCM_DOMAIN: 'ccm.example.org',
  EVENTSTORE_ADMIN_PASSWORD: secret(),
  EVENTSTORE_OPS_PASSWORD: secret(),
  EVENTSTORE_APP_PASSWORD: secret(),
  CCM_REDIS_PASSWORD: secret(),
  CCM_ANCHOR_KEY: secret(),
};

const compose = (env: Record<string, string | undefined>) =>
  interpolateAll(loadComposeYaml(text), env) as ComposeFile;
const config = compose(ENV);
const service = (name: string): ComposeService => {
  const found = config.services[name];
  if (!found) throw new Error(`no service ${name}`);
  return found;
};
const env = (name: string): Record<string, string> => service(name).environment ?? {};

describe('docker-compose.yml: secrets', () => {
  it.each(REQUIRED)('refuses to go on without %s, unset or empty', (name) => {
    expect(() => compose({ ...ENV, [name]: undefined })).toThrow(new RegExp(`required variable ${name} `));
    expect(() => compose({ ...ENV, [name]: '' })).toThrow(new RegExp(`required variable ${name} `));
  });

  it('uses each required secret only through ${NAME:?message}, never with a default', () => {
    for (const { name, operator, argument } of expressions(text).filter((e) =>
      (REQUIRED as readonly string[]).includes(e.name),
    )) {
      expect(`${name}${operator}`).toBe(`${name}:?`);
      expect(argument).not.toBe('');
    }
  });

  it('has no default for a password, secret, token or key, and no literal one', () => {
    const sensitive = /PASSWORD|SECRET|TOKEN|(^|_)KEY$|REDISCLI_AUTH/;
    for (const { name, operator, argument } of expressions(text))
      if (sensitive.test(name) && operator.replace(':', '') === '-')
        expect({ name, argument }).toEqual({ name, argument: '' });
    const raw = loadComposeYaml(text) as ComposeFile;
    for (const [name, s] of Object.entries(raw.services))
      for (const [key, value] of Object.entries(s.environment ?? {}))
        if (sensitive.test(key))
          expect({ service: name, key, value }).toMatchObject({ value: expect.stringMatching(/^\$\{/) });
    expect(text.split('\n').filter((line) => !/^\s*#/.test(line) && /changeit/i.test(line))).toEqual([]);
  });

  it('leaves a variable empty only where the application reads empty as unset', () => {
    const emptyDefaults = expressions(text)
      .filter((e) => e.operator.replace(':', '') === '-' && e.argument === '')
      .map((e) => e.name);
    expect([...new Set(emptyDefaults)].sort()).toEqual(
      [
        'CCM_JWT_AUDIENCE',
        'CCM_JWT_ISSUER',
        'CCM_JWT_JWKS_URL',
        'CCM_JWT_SECRET',
        'LOG_REDACT_PATHS',
        'METRICS_TOKEN',
      ].sort(),
    );
  });
});

describe('docker-compose.yml: TLS at the proxy, nothing else published', () => {
  it('publishes ports from the proxy only: 80 (redirects) and 443', () => {
    const publishing = Object.entries(config.services)
      .filter(([, s]) => (s.ports ?? []).length > 0)
      .map(([name]) => name);
    expect(publishing).toEqual(['proxy']);
    expect(service('proxy').ports).toEqual(['80:80', '443:443', '443:443/udp']);
    for (const s of Object.values(config.services)) {
      expect(s.network_mode ?? 'bridge').not.toBe('host');
      expect(s.expose).toBeUndefined();
    }
  });

  it('keeps the api, the projector, Redis and the nodes on networks with no way in', () => {
    expect(config.networks?.backend?.internal).toBe(true);
    expect(config.networks?.['eventstore-cluster']?.internal).toBe(true);
    expect(networksOf(service('api'))).toEqual(['edge', 'backend', 'eventstore-cluster']);
    expect(networksOf(service('proxy'))).toEqual(['edge']);
    for (const name of ['projector', 'redis', 'eventstore-node1', 'eventstore-node2', 'eventstore-node3'])
      expect(networksOf(service(name))).not.toContain('edge');
  });

  it('terminates TLS for CCM_DOMAIN and forwards to the api only while it is ready', () => {
    expect(env('proxy').CCM_DOMAIN).toBe('ccm.example.org');
    expect(service('proxy').volumes).toContain('./deploy/Caddyfile:/etc/caddy/Caddyfile:ro');
    // A bare name as the site address: Caddy serves https and redirects http to it.
    expect(caddyfile).toMatch(/^\{\$CCM_DOMAIN\} \{$/m);
    expect(caddyfile).not.toMatch(/auto_https|^\s*http:\/\//m);
    expect(caddyfile).toMatch(/reverse_proxy api:3000 \{[^}]*health_uri \/health\/ready/);
    expect(caddyfile).toMatch(/respond @internal 404/);
    // No access log: a request's path holds patient ids.
    expect(caddyfile.split('\n').filter((l) => /^\s*log\b/.test(l))).toEqual([]);
    for (const mode of ['acme', 'internal', 'files']) expect(caddyfile).toContain(`(tls-${mode}) {`);
  });
});

describe('docker-compose.yml: liveness and readiness', () => {
  it('healthchecks of the api and the projector ask /health/live, never readiness', () => {
    expect(words(service('api').healthcheck?.test)).toContain('http://127.0.0.1:3000/health/live');
    expect(words(service('projector').healthcheck?.test)).toContain('http://127.0.0.1:3001/health/live');
    for (const name of ['api', 'projector'])
      expect(words(service(name).healthcheck?.test)).not.toContain('ready');
  });

  it('starts the proxy once a readiness container sees /health/ready answer', () => {
    expect(words(service('api-ready').healthcheck?.test)).toContain('http://api:3000/health/ready');
    expect(service('proxy').depends_on).toEqual({ 'api-ready': { condition: 'service_healthy' } });
    expect(service('api-ready').depends_on).toEqual({ api: { condition: 'service_healthy' } });
  });
});

describe('docker-compose.yml: EventStoreDB', () => {
  const nodes = ['eventstore-node1', 'eventstore-node2', 'eventstore-node3'];

  it('runs three TLS nodes whose admin and ops passwords come from the environment', () => {
    for (const name of nodes) {
      const e = env(name);
      expect(e.EVENTSTORE_DEFAULT_ADMIN_PASSWORD).toBe(ENV.EVENTSTORE_ADMIN_PASSWORD);
      expect(e.EVENTSTORE_DEFAULT_OPS_PASSWORD).toBe(ENV.EVENTSTORE_OPS_PASSWORD);
      expect(e.EVENTSTORE_INSECURE).toBeUndefined();
      expect(e.EVENTSTORE_CERTIFICATE_FILE).toMatch(/^\/etc\/eventstore\/nodes\/node\d\/node\.crt$/);
      expect(e.EVENTSTORE_TELEMETRY_OPTOUT).toBe('true');
      expect(e.EVENTSTORE_ENABLE_ATOM_PUB_OVER_HTTP).toBe('false');
      expect(words(service(name).healthcheck?.test)).toContain('/health/live');
    }
  });

  it('connects the api and the projector as `ccm` over TLS, never as admin or ops', () => {
    for (const name of ['api', 'projector']) {
      // Read by the client library's own parser, as the application reads it.
      const options = parseConnectionString(env(name).EVENTSTORE_CONNECTION_STRING);
      expect(options.defaultCredentials).toEqual({ username: 'ccm', password: ENV.EVENTSTORE_APP_PASSWORD });
      expect(options).toMatchObject({
        tls: true,
        tlsCAFile: '/etc/ccm/eventstore-ca/ca.crt',
        nodePreference: 'leader',
      });
      expect(options.hosts.map((h) => h.address)).toEqual(nodes);
      expect(options.tlsVerifyCert).not.toBe(false);
    }
  });

  it('creates the least-privilege user before the application starts', () => {
    const access = service('eventstore-access');
    expect(words(access.command)).toBe('node dist/apps/ops/src/eventstore-access.js');
    expect(Object.keys(access.environment ?? {})).toEqual(
      expect.arrayContaining([
        'EVENTSTORE_ADMIN_PASSWORD',
        'EVENTSTORE_OPS_PASSWORD',
        'EVENTSTORE_APP_PASSWORD',
      ]),
    );
    for (const name of ['api', 'projector']) {
      expect(service(name).depends_on?.['eventstore-access']).toEqual({
        condition: 'service_completed_successfully',
      });
      expect(env(name).EVENTSTORE_ADMIN_PASSWORD).toBeUndefined();
      expect(env(name).EVENTSTORE_OPS_PASSWORD).toBeUndefined();
    }
  });

  it('issues certificates in a job without network, whose CA key no other service mounts', () => {
    const certs = service('eventstore-certs');
    expect(certs.network_mode).toBe('none');
    expect(words(certs.entrypoint)).toBe('bash /deploy/eventstore-certs.sh');
    const mountsCaKey = Object.entries(config.services)
      .filter(([, s]) => (s.volumes ?? []).some((v) => v.startsWith('eventstore-ca-private:')))
      .map(([name]) => name);
    expect(mountsCaKey).toEqual(['eventstore-certs']);
    for (const script of [
      'deploy/eventstore-certs.sh',
      'deploy/renew-certificates.sh',
      'deploy/eventstore-backup.sh',
    ])
      expect(statSync(join(REPO_ROOT, script)).mode & 0o111).not.toBe(0);
  });

  it('backs a node up on demand into the volume `backups`, reading the data read-only', () => {
    const backup = service('eventstore-backup');
    expect(backup.profiles).toEqual(['ops']);
    expect(backup.volumes).toEqual(
      expect.arrayContaining([
        'eventstore-node1-data:/data/eventstore-node1:ro',
        'eventstore-node2-data:/data/eventstore-node2:ro',
        'eventstore-node3-data:/data/eventstore-node3:ro',
        'backups:/backups',
      ]),
    );
    expect(Object.keys(config.volumes ?? {})).toContain('backups');
    // The server's order: index checkpoints, the rest of the index, database checkpoints, chunks.
    const script = readRepoFile('deploy/eventstore-backup.sh');
    const order = [
      "find index -type f -name '*.chk'",
      "find index -type f ! -name '*.chk'",
      "-maxdepth 1 -type f -name '*.chk'",
      "-name 'chunk-*'",
    ].map((step) => script.indexOf(step));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('docker-compose.yml: the application environment', () => {
  it('runs the api and the projector with NODE_ENV=production, JSON logs and metrics inside the network', () => {
    for (const name of ['api', 'projector']) {
      expect(env(name)).toMatchObject({ NODE_ENV: 'production', LOG_FORMAT: 'json', CCM_METRICS: 'on' });
      expect(Object.keys(env(name))).toEqual(
        expect.arrayContaining([
          'LOG_LEVEL',
          'LOG_REDACT_PATHS',
          'METRICS_TOKEN',
          'CCM_JWT_SECRET',
          'CCM_JWT_JWKS_URL',
        ]),
      );
    }
    expect(env('api')).toMatchObject({ METRICS_PORT: '9464', CCM_DOCS: 'off', PORT: '3000' });
    expect(Object.keys(env('api'))).toEqual(
      expect.arrayContaining([
        'CCM_JWT_ISSUER',
        'CCM_JWT_AUDIENCE',
        'CCM_RATE_LIMIT',
        'CCM_RATE_LIMIT_WINDOW_SECONDS',
        'CCM_HTTP_BODY_LIMIT_BYTES',
        'READY_MAX_LAG',
        'READY_TIMEOUT_MS',
      ]),
    );
  });

  it('is accepted by the application’s configuration loaders, with a secret or an identity provider', () => {
    const withSecret = { CCM_JWT_SECRET: randomBytes(48).toString('base64') };
    const withProvider = {
      CCM_JWT_JWKS_URL: 'https://id.example.org/.well-known/jwks.json',
      CCM_JWT_ISSUER: 'https://id.example.org/',
      CCM_JWT_AUDIENCE: 'ccm',
    };
    for (const identity of [withSecret, withProvider]) {
      const env2 = compose({ ...ENV, ...identity });
      for (const name of ['api', 'projector']) {
        const e = env2.services[name].environment ?? {};
        const app = loadConfig(e);
        expect(app).toMatchObject({ production: true, eventStore: { kind: 'eventstoredb' } });
        expect(loadReadSideConfig(e, 2)).toMatchObject({ store: { kind: 'redis' }, projector: 'off' });
        expect(loadLogConfig(name, e, false).format).toBe('json');
      }
      const observability = loadObservabilityConfig(env2.services.api.environment);
      expect(observability.metrics).toMatchObject({ enabled: true, port: 9464 });
      expect(loadConfig(env2.services.api.environment).http).toMatchObject({ docs: false });
    }
  });

  it('does not start the application without a way to verify tokens', () => {
    expect(() => loadIdentityConfig(env('api'))).toThrow(/CCM_JWT_SECRET is required in production/);
    expect(() => loadIdentityConfig(env('projector'))).toThrow(/CCM_JWT_SECRET is required in production/);
  });
});

describe('docker-compose.yml: files it runs', () => {
  it('names entry points that the image builds, and scripts that exist', () => {
    const built = [...text.matchAll(/dist\/(apps\/[a-z-]+\/src\/[a-z-]+)\.js/g)].map((m) => `${m[1]}.ts`);
    expect(built).toEqual(
      expect.arrayContaining([
        'apps/projector/src/main.ts',
        'apps/ops/src/eventstore-access.ts',
        'apps/ops/src/certificates.ts',
      ]),
    );
    for (const source of built) expect(statSync(join(REPO_ROOT, source)).isFile()).toBe(true);
    for (const mounted of text.matchAll(/\.\/(deploy\/[A-Za-z.-]+):/g))
      expect(statSync(join(REPO_ROOT, mounted[1])).isFile()).toBe(true);
  });
});

describe('docker-compose.dev.yml', () => {
  it('is the only place with an insecure node, and publishes it on the loopback only', () => {
    const dev = interpolateAll(loadComposeYaml(readRepoFile('docker-compose.dev.yml')), {}) as ComposeFile;
    expect(dev.services.eventstoredb.environment?.EVENTSTORE_INSECURE).toBe('true');
    expect(dev.services.eventstoredb.ports).toEqual(['127.0.0.1:2113:2113']);
    expect(text).not.toContain('EVENTSTORE_INSECURE');
  });
});
