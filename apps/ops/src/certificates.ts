import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { httpsJson, parseNodes, type Credentials } from './node-http';

/**
 * Certificate expiry for docker-compose.yml (service `certificates`, profile ops), and the reload that
 * makes EventStoreDB nodes serve renewed ones without a restart. See docs/deployment.md, "Certificates".
 *
 *   certificates check    every file of CCM_CERT_FILES and every certificate served at CCM_CERT_SERVED:
 *                         subject, expiry, days left. Exit 0: all good; 1: one is due (renew it, or
 *                         a node serves an older certificate than its renewed file: reload it);
 *                         2: one has expired, is not valid yet, or could not be read or reached.
 *   certificates reload   POST /admin/reloadconfig to every node of EVENTSTORE_NODES as `ops`: the
 *                         node loads its certificate files again (deploy/renew-certificates.sh).
 *
 * CCM_CERT_FILES: `label=/path,...`. CCM_CERT_SERVED: `label=host:port[@sni],...`; served certificates
 * are checked against EVENTSTORE_CA_FILE when the host is an EventStoreDB node, read as they are
 * otherwise (the proxy's chain may come from a public or Caddy's own CA).
 */

export type Verdict = 'ok' | 'due' | 'expired' | 'error';

export interface Assessment {
  readonly label: string;
  readonly verdict: Verdict;
  readonly line: string;
}

const DAY_MS = 86_400_000;

/**
 * A certificate is due when fewer days remain than its threshold: `caWarnDays` for a CA (replacing
 * one is planned work), else the smaller of `warnDays` and a sixth of its lifetime, so that a
 * short-lived certificate renewed automatically (Caddy's internal ones live 12 hours) is not due all
 * the time, and a long-lived one is flagged in time.
 */
export function assess(
  label: string,
  cert: {
    readonly validFrom: string;
    readonly validTo: string;
    readonly subject: string;
    readonly ca: boolean;
  },
  now: Date,
  limits: { readonly warnDays: number; readonly caWarnDays: number },
): Assessment {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  const subject = cert.subject.replace(/\n/g, ', ');
  if (Number.isNaN(from) || Number.isNaN(to))
    return { label, verdict: 'error', line: `${label}: unreadable validity (${subject})` };
  const leftDays = (to - now.getTime()) / DAY_MS;
  const thresholdDays = cert.ca ? limits.caWarnDays : Math.min(limits.warnDays, (to - from) / DAY_MS / 6);
  const verdict: Verdict =
    now.getTime() < from || leftDays <= 0 ? 'expired' : leftDays < thresholdDays ? 'due' : 'ok';
  const left =
    leftDays >= 2 ? `${Math.floor(leftDays)} days` : `${Math.max(0, Math.floor(leftDays * 24))} hours`;
  const what = now.getTime() < from ? `not valid before ${new Date(from).toISOString()}` : `${left} left`;
  return {
    label,
    verdict,
    line: `${verdict.padEnd(7)} ${label}${cert.ca ? ' (CA)' : ''}: ${subject}, until ${new Date(to).toISOString()}, ${what}`,
  };
}

/** `label=value,label=value` */
export function parsePairs(text: string | undefined): { label: string; value: string }[] {
  if (!text) return [];
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const at = part.indexOf('=');
      if (at <= 0) throw new Error(`"${part}" is not label=value`);
      return { label: part.slice(0, at), value: part.slice(at + 1) };
    });
}

/** The worst verdict decides: 2 for expired or unreadable, 1 for due, 0 when all are fine. */
export function exitCode(verdicts: readonly Verdict[]): number {
  if (verdicts.some((v) => v === 'expired' || v === 'error')) return 2;
  return verdicts.includes('due') ? 1 : 0;
}

/** What the check needs of a certificate (node's X509Certificate has it all). */
export interface CertificateFacts {
  readonly validFrom: string;
  readonly validTo: string;
  readonly subject: string;
  readonly ca: boolean;
  readonly subjectAltName?: string;
  readonly fingerprint256?: string;
}

/**
 * The file a node should be serving instead, when it serves an older certificate for the same names:
 * the file was renewed, and the node has not loaded it yet.
 */
export function newerFile(
  servedCert: CertificateFacts,
  files: readonly { label: string; cert: CertificateFacts }[],
): string | undefined {
  if (!servedCert.subjectAltName) return undefined;
  const newer = files.find(
    ({ cert }) =>
      cert.subjectAltName === servedCert.subjectAltName &&
      cert.fingerprint256 !== servedCert.fingerprint256 &&
      Date.parse(cert.validTo) > Date.parse(servedCert.validTo),
  );
  return newer?.label;
}

function served(target: string, ca: Buffer | undefined): Promise<CertificateFacts> {
  const match = /^([A-Za-z0-9.-]+):(\d{1,5})(?:@([A-Za-z0-9.-]+))?$/.exec(target);
  if (!match) return Promise.reject(new Error(`"${target}" is not host:port[@name]`));
  const [, host, port, sni] = match;
  return new Promise((resolve, reject) => {
    const socket = connect(
      {
        host,
        port: Number(port),
        // SNI carries names only (RFC 6066); an address is checked against the certificate's IP entries.
        ...(sni || !isIP(host) ? { servername: sni ?? host } : {}),
        ...(ca ? { ca } : { rejectUnauthorized: false }),
      },
      () => {
        const cert = socket.getPeerX509Certificate();
        socket.end();
        if (!cert) reject(new Error('no certificate served'));
        else resolve(cert);
      },
    );
    socket.setTimeout(10_000, () => socket.destroy(new Error('timed out')));
    socket.on('error', reject);
  });
}

async function check(env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const limits = {
    warnDays: Number(env.CCM_CERT_WARN_DAYS || 14),
    caWarnDays: Number(env.CCM_CA_WARN_DAYS || 180),
  };
  const ca = env.EVENTSTORE_CA_FILE ? readFileSync(env.EVENTSTORE_CA_FILE) : undefined;
  const nodeHosts = new Set((parseNodes(env.EVENTSTORE_NODES) ?? []).map((n) => n.host));
  const now = new Date();
  const results: Assessment[] = [];
  const files: { label: string; cert: CertificateFacts }[] = [];
  for (const { label, value } of parsePairs(env.CCM_CERT_FILES)) {
    try {
      const cert = new X509Certificate(readFileSync(value));
      files.push({ label, cert });
      results.push(assess(label, cert, now, limits));
    } catch (error) {
      results.push({ label, verdict: 'error', line: `error   ${label}: ${(error as Error).message}` });
    }
  }
  for (const { label, value } of parsePairs(env.CCM_CERT_SERVED)) {
    try {
      const host = value.split(':')[0];
      const cert = await served(value, nodeHosts.has(host) ? ca : undefined);
      const result = assess(label, cert, now, limits);
      const file = newerFile(cert, files);
      results.push(
        file && result.verdict === 'ok'
          ? {
              label,
              verdict: 'due',
              line: `due     ${label}: serves an older certificate than ${file}: reload it`,
            }
          : result,
      );
    } catch (error) {
      results.push({ label, verdict: 'error', line: `error   ${label}: ${(error as Error).message}` });
    }
  }
  for (const result of results) out(result.line);
  if (results.length === 0) out('nothing to check: set CCM_CERT_FILES or CCM_CERT_SERVED');
  return results.length === 0 ? 2 : exitCode(results.map((r) => r.verdict));
}

async function reload(env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const nodes = parseNodes(env.EVENTSTORE_NODES);
  if (!nodes || !env.EVENTSTORE_CA_FILE || !env.EVENTSTORE_OPS_PASSWORD) {
    out('reload needs EVENTSTORE_NODES, EVENTSTORE_CA_FILE and EVENTSTORE_OPS_PASSWORD');
    return 2;
  }
  const ca = readFileSync(env.EVENTSTORE_CA_FILE);
  const ops: Credentials = { username: 'ops', password: env.EVENTSTORE_OPS_PASSWORD };
  let failed = 0;
  for (const node of nodes) {
    try {
      const answer = await httpsJson(node, 'POST', '/admin/reloadconfig', { ca, as: ops });
      if (answer.status >= 200 && answer.status < 300) out(`reloaded ${node.host}`);
      else {
        failed++;
        out(`${node.host} answered ${answer.status} to /admin/reloadconfig`);
      }
    } catch (error) {
      failed++;
      out(`${node.host}: ${(error as Error).message}`);
    }
  }
  return failed === 0 ? 0 : 1;
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const [command = 'check'] = argv;
  if (command === 'check') return check(env, out);
  if (command === 'reload') return reload(env, out);
  out('usage: certificates check | reload');
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`certificates: ${(error as Error).message}\n`);
      process.exit(2);
    },
  );
}
