/**
 * A private Redis Cluster for one test suite: masters and replicas on free loopback ports, no persistence,
 * a temp directory per node. Tests can kill a master, wait for its replica to take over and restart the
 * dead node, which rejoins as a replica. Tests never touch a Redis they did not start.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { redisServerFailed, waitUntil } from './redis-server';

export interface RedisClusterOptions {
  masters?: number;
  replicasPerMaster?: number;
  nodeTimeoutMs?: number;
}

export interface TestClusterNode {
  readonly port: number;
  /** The role the node had when the cluster was created; failovers change the live role. */
  readonly role: 'master' | 'replica';
  /** The latest process started for this node (a restart replaces it). */
  readonly process: ChildProcess;
}

export interface TestRedisCluster {
  readonly nodes: readonly TestClusterNode[];
  readonly startupNodes: { host: string; port: number }[];
  /** `redis-cluster://127.0.0.1:p1,127.0.0.1:p2,...`, listing the masters as of start. */
  readonly url: string;
  masterOf(slot: number): Promise<number>;
  masterForKey(key: string): Promise<number>;
  killMaster(port: number): Promise<void>;
  /** Resolves with the port of the replica promoted in place of the killed master `port`. */
  waitForFailover(port: number, timeoutMs: number): Promise<number>;
  /** Starts a killed node again on its own config file; resolves once it serves as a replica. */
  restartNode(port: number): Promise<void>;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/** Redis listens for the cluster bus on the client port plus this offset. */
const BUS_OFFSET = 10000;
const ADMIN_CONNECTION = { host: HOST, lazyConnect: true, connectTimeout: 1000, retryStrategy: () => null };

class NodeProcess implements TestClusterNode {
  process!: ChildProcess;
  alive = false;

  constructor(
    readonly port: number,
    public role: 'master' | 'replica',
    private readonly dir: string,
    private readonly nodeTimeoutMs: number,
  ) {}

  async start(): Promise<void> {
    const args = `--port ${this.port} --bind ${HOST} --cluster-enabled yes --appendonly no`.split(' ');
    args.push('--cluster-config-file', join(this.dir, 'nodes.conf'), '--dir', this.dir, '--save', '');
    // A replica may take over however long it was cut off: tests kill masters at any moment.
    args.push('--cluster-node-timeout', String(this.nodeTimeoutMs), '--cluster-replica-validity-factor', '0');
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.process = child;
    this.alive = true;
    let failure: Error | undefined;
    child.once('error', (error: NodeJS.ErrnoException) => {
      this.alive = false;
      failure = redisServerFailed(error);
    });
    child.once('exit', (code, signal) => {
      this.alive = false;
      failure ??= new Error(`redis-server exited (${code ?? signal}) before answering on port ${this.port}`);
    });
    try {
      const answers = async (): Promise<boolean> => (await admin(this.port, 'PING')) === 'PONG';
      await waitUntil(
        answers,
        10_000,
        `redis-server did not answer on port ${this.port} in 10 s`,
        () => failure,
      );
    } catch (error) {
      await this.kill();
      throw error;
    }
  }

  async kill(): Promise<void> {
    const child = this.process;
    // A process that never spawned (pid undefined) or has already exited sends no further 'exit'.
    if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}

export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<TestRedisCluster> {
  const { masters = 3, replicasPerMaster = 1, nodeTimeoutMs = 1000 } = options;
  const root = mkdtempSync(join(tmpdir(), 'ccm-redis-cluster-'));
  const nodes: NodeProcess[] = [];
  const replicaIdsOfKilledMaster = new Map<number, string[]>();

  const byPort = (port: number): NodeProcess => {
    const node = nodes.find((candidate) => candidate.port === port);
    if (!node) throw new Error(`no node of this cluster listens on port ${port}`);
    return node;
  };
  const liveNodes = (): NodeProcess[] => nodes.filter((node) => node.alive);
  /** Asks the live nodes in turn: the first that answers speaks for the cluster. */
  const askLive = (...command: string[]): Promise<unknown> =>
    liveNodes().reduce<Promise<unknown>>(
      (answer, node) => answer.catch(() => admin(node.port, ...command)),
      Promise.reject(new Error('no node of the cluster is running')),
    );
  /** CLUSTER INFO and INFO replication of every live node, once all of them agree the cluster is whole. */
  const settledStates = async (): Promise<Record<string, string>[] | undefined> => {
    const states = await Promise.all(
      liveNodes().map(async ({ port }) => ({
        ...(await info(port, 'CLUSTER', 'INFO')),
        ...(await info(port, 'INFO', 'replication')),
      })),
    );
    const whole = states.every(
      (state) =>
        state.cluster_state === 'ok' &&
        state.cluster_slots_ok === '16384' &&
        state.cluster_known_nodes === String(nodes.length) &&
        (state.role === 'master' || state.master_link_status === 'up'),
    );
    return whole ? states : undefined;
  };
  const close = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => node.kill()));
    rmSync(root, { recursive: true, force: true });
  };

  try {
    const ports = await freeClusterPorts(masters * (1 + replicasPerMaster));
    for (const port of ports) {
      mkdirSync(join(root, String(port)));
      nodes.push(new NodeProcess(port, 'master', join(root, String(port)), nodeTimeoutMs));
    }
    await Promise.all(nodes.map((node) => node.start()));
    await createCluster(ports, replicasPerMaster);
    const replicas = masters * replicasPerMaster;
    const attached = async (): Promise<boolean> =>
      (await settledStates())?.filter((state) => state.role === 'slave').length === replicas;
    await waitUntil(attached, 30_000, 'the cluster was not whole with every replica attached in 30 s');
    // redis-cli decides who replicates whom; record the roles as the cluster reports them.
    const lines = parseNodes(await admin(ports[0], 'CLUSTER', 'NODES'));
    for (const node of nodes) {
      const flags = lines.find((line) => line.port === node.port)?.flags ?? [];
      node.role = flags.includes('master') ? 'master' : 'replica';
    }
  } catch (error) {
    await close();
    throw error;
  }

  const masterPorts = nodes.filter((node) => node.role === 'master').map((node) => node.port);
  const masterOf = async (slot: number): Promise<number> => {
    const ranges = (await askLive('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
    const range = ranges.find(([first, last]) => slot >= first && slot <= last);
    if (!range) throw new Error(`no master serves slot ${slot}`);
    return Number(range[2][1]);
  };
  return {
    nodes,
    startupNodes: nodes.map((node) => ({ host: HOST, port: node.port })),
    url: `redis-cluster://${masterPorts.map((port) => `${HOST}:${port}`).join(',')}`,
    masterOf,
    masterForKey: async (key) => masterOf(Number(await askLive('CLUSTER', 'KEYSLOT', key))),
    async killMaster(port) {
      const node = byPort(port);
      const lines = parseNodes(await admin(port, 'CLUSTER', 'NODES'));
      const self = lines.find((line) => line.flags.includes('myself'));
      if (!self?.flags.includes('master')) throw new Error(`the node on port ${port} is not a master`);
      const replicaIds = lines.filter((line) => line.masterId === self.id).map(({ id }) => id);
      replicaIdsOfKilledMaster.set(port, replicaIds);
      await node.kill();
    },
    async waitForFailover(port, timeoutMs) {
      const replicaIds = replicaIdsOfKilledMaster.get(port);
      if (!replicaIds) throw new Error(`the master on port ${port} was not killed through killMaster`);
      let promoted: number | undefined;
      const replaced = async (): Promise<boolean> => {
        const lines = parseNodes(await askLive('CLUSTER', 'NODES'));
        promoted = lines.find(
          (line) => replicaIds.includes(line.id) && line.flags.includes('master') && line.hasSlots,
        )?.port;
        return promoted !== undefined && (await settledStates()) !== undefined;
      };
      await waitUntil(replaced, timeoutMs, `no replica took over from port ${port} within ${timeoutMs} ms`);
      return promoted as number;
    },
    async restartNode(port) {
      const node = byPort(port);
      if (node.alive) throw new Error(`the node on port ${port} is still running`);
      await node.start();
      const rejoined = async (): Promise<boolean> =>
        (await info(port, 'INFO', 'replication')).role === 'slave' && (await settledStates()) !== undefined;
      const exited = (): Error | undefined =>
        node.alive ? undefined : new Error(`redis-server on port ${port} exited while rejoining`);
      await waitUntil(rejoined, 30_000, `port ${port} did not rejoin as a replica in 30 s`, exited);
    },
    close,
  };
}

function createCluster(ports: number[], replicasPerMaster: number): Promise<void> {
  const args = ['--cluster', 'create', ...ports.map((port) => `${HOST}:${port}`)];
  args.push('--cluster-replicas', String(replicasPerMaster), '--cluster-yes');
  return new Promise((resolve, reject) => {
    execFile('redis-cli', args, { timeout: 30_000 }, (error, stdout, stderr) => {
      if (!error) return resolve();
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      const output = `${stderr}\n${stdout}`.trim().slice(-500);
      const notInstalled =
        'redis-cli is not installed (no redis-cli on PATH). Install it (Debian: apt-get install redis-tools).';
      reject(new Error(missing ? notInstalled : `redis-cli --cluster create failed: ${output}`));
    });
  });
}

/** One short-lived connection per admin query: nodes come and go during a test. */
async function admin(port: number, ...[command, ...args]: string[]): Promise<unknown> {
  const client = new Redis({ ...ADMIN_CONNECTION, port });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.call(command, args);
  } finally {
    client.disconnect();
  }
}

/** An INFO-style reply (`name:value` lines) as a record. */
async function info(port: number, ...command: string[]): Promise<Record<string, string>> {
  const fields: Record<string, string> = {};
  for (const line of String(await admin(port, ...command)).split('\r\n')) {
    const separator = line.indexOf(':');
    if (separator > 0) fields[line.slice(0, separator)] = line.slice(separator + 1).trim();
  }
  return fields;
}

/** CLUSTER NODES lines: `<id> <ip:port@bus> <flags> <master|-> <ping> <pong> <epoch> <link> <slots>...` */
function parseNodes(text: unknown) {
  return String(text)
    .trim()
    .split('\n')
    .map((line) => {
      const [id, address, flags, master, , , , , ...slots] = line.trim().split(' ');
      const port = Number(address.split('@')[0].split(':').pop());
      return { id, port, flags: flags.split(','), masterId: master, hasSlots: slots.length > 0 };
    });
}

/** Ports whose cluster bus port (port + 10000) is free as well. */
async function freeClusterPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let attempt = 0; ports.length < count; attempt += 1) {
    if (attempt > 200) throw new Error('found no free port pairs for the cluster nodes');
    const port = 20000 + Math.floor(Math.random() * 30000);
    const clashes = [port, port + BUS_OFFSET, port - BUS_OFFSET].some((taken) => ports.includes(taken));
    if (!clashes && (await isFree(port)) && (await isFree(port + BUS_OFFSET))) ports.push(port);
  }
  return ports;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}
