// A real OpenID provider (panva/oidc-provider) for the identity e2e spec, run as a child process
// because oidc-provider is an ES module with ES module dependencies that Jest's CommonJS runtime does not
// load. It listens on a loopback port, issues client-credentials access tokens as JWTs for one resource
// (RFC 8707 resource indicators, RFC 9068 JWT access tokens), signed RS256 or ES256 with keys made at
// start, and prints its issuer on stdout once it is ready.
//
//   node apps/api/src/testing/oidc-provider.mjs <audience>
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { errors } from 'oidc-provider';

/** Each client is a service account of one practice with one role; its tokens say so. */
export const CLIENTS = {
  'ccm-admin': { practice: 'riverside', role: 'admin', alg: 'RS256' },
  'ccm-auditor': { practice: 'riverside', role: 'auditor', alg: 'ES256' },
  'ccm-lakeside': { practice: 'lakeside', role: 'auditor', alg: 'ES256' },
  'ccm-dotted': { practice: 'riverside.pt-alpha-1', role: 'admin', alg: 'RS256' },
};

const audience = process.argv[2] ?? 'https://ccm.example/api';

const keys = [];
for (const alg of ['RS256', 'ES256']) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  keys.push({ ...(await exportJWK(privateKey)), alg, use: 'sig', kid: `test-${alg}` });
}

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: Object.keys(CLIENTS).map((clientId) => ({
    client_id: clientId,
    client_secret: `${clientId}-secret`,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    token_endpoint_auth_method: 'client_secret_basic',
  })),
  jwks: { keys },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource, client) => {
        if (resource !== audience) throw new errors.InvalidTarget();
        return {
          scope: 'ccm',
          audience,
          accessTokenTTL: 300,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: CLIENTS[client.clientId].alg } },
        };
      },
    },
  },
  extraTokenClaims: (_ctx, token) => {
    const client = CLIENTS[token.clientId];
    return client ? { practice: client.practice, role: client.role } : undefined;
  },
});
server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);
