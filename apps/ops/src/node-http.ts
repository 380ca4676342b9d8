import { request } from 'node:https';

/** host:port of an EventStoreDB node, as its certificate names it. */
export interface NodeAddress {
  readonly host: string;
  readonly port: number;
}

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** "host:port,host:port" (EVENTSTORE_NODES); undefined when a part is not host:port. */
export function parseNodes(text: string | undefined): NodeAddress[] | undefined {
  if (!text) return undefined;
  const nodes: NodeAddress[] = [];
  for (const part of text.split(',')) {
    const match = /^([A-Za-z0-9.-]+):(\d{1,5})$/.exec(part.trim());
    if (!match || Number(match[2]) > 65535) return undefined;
    nodes.push({ host: match[1], port: Number(match[2]) });
  }
  return nodes.length > 0 ? nodes : undefined;
}

/**
 * One JSON request to one node over https, the node's certificate checked against the cluster's CA
 * and its name. Credentials go in the Authorization header, never in a url or a message.
 */
export function httpsJson(
  node: NodeAddress,
  method: string,
  path: string,
  options: {
    readonly ca: Buffer;
    readonly as?: Credentials;
    readonly body?: unknown;
    readonly timeoutMs?: number;
  },
): Promise<HttpAnswer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.as)
    headers.authorization = `Basic ${Buffer.from(`${options.as.username}:${options.as.password}`).toString('base64')}`;
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = request(
      { host: node.host, port: node.port, method, path, ca: options.ca, servername: node.host, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text === '' ? undefined : JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.setTimeout(options.timeoutMs ?? 10_000, () =>
      req.destroy(new Error(`${node.host}:${node.port} timed out`)),
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Whether an answer means "ask again, maybe another node": the node is busy, electing, or forwarding failed. */
const transient = (status: number) => status === 408 || status === 429 || status >= 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Requests to any node of the cluster: the HTTP API forwards what needs the leader. A node that cannot
 * be reached or answers 408/429/5xx is passed over for the next one, round after round, until
 * `deadlineMs` has gone by (the cluster may still be electing its leader when a job starts).
 */
export class ClusterHttp {
  constructor(
    private readonly nodes: readonly NodeAddress[],
    private readonly ca: Buffer,
    private readonly deadlineMs = 120_000,
    private readonly pauseMs = 2_000,
  ) {}

  async call(method: string, path: string, as: Credentials, body?: unknown): Promise<HttpAnswer> {
    const giveUpAt = Date.now() + this.deadlineMs;
    let last = 'no node answered';
    for (;;) {
      for (const node of this.nodes) {
        try {
          const answer = await httpsJson(node, method, path, { ca: this.ca, as, body });
          if (!transient(answer.status)) return answer;
          last = `${node.host}:${node.port} answered ${answer.status}`;
        } catch (error) {
          last = `${node.host}:${node.port}: ${(error as Error).message}`;
        }
      }
      if (Date.now() >= giveUpAt) throw new Error(`${method} ${path} failed: ${last}`);
      await sleep(this.pauseMs);
    }
  }
}
