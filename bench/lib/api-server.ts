/**
 * The server side of bench/api-commands.ts, run as its own process (forked with an IPC channel) so the
 * load generator never shares an event loop with the server it measures.
 *
 *   --kind=product  the real api (createApp: pipes, guard, interceptors, command bus, SQLite store) on a
 *                   copy of a seeded store file, at --sync=FULL|NORMAL;
 *                   --projector=off leaves the read models to a projector process (none runs here);
 *                   --projector-thread=worker|main: where the embedded projector runs (default: the
 *                   product's, CCM_PROJECTOR_THREAD). The server says it is ready once the read models have caught up,
 *                   and on stop how long after the load they took to apply every command;
 *   --kind=bare     the limit: a minimal Nest app (same platform, same body parser) whose one trivial
 *                   POST controller answers on the same route, with no global pipes, guards or filters.
 *
 * It listens on 127.0.0.1 only, tells the parent its port, and stops when told (or when the parent goes).
 */
import 'reflect-metadata';
import { Body, Controller, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createWriteStream, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { writeHeapSnapshot } from 'node:v8';
import { ProjectorThread, type RunningProjector } from '@ccm/projections';
import { SqliteEventStore } from '@ccm/event-store';
import type { Clock } from '@ccm/record';
import { accessLogShardsOf, loadConfig, type AppConfig } from '@ccm/runtime';
import { createApp } from '../../apps/api/src/create-app';
import { ReadSide } from '../../apps/api/src/read-models/read-side';
import {
  BENCH_NOW,
  BENCH_SECRET,
  type FromServer,
  type MemoryUsageReport,
  type ServerKind,
  type ToServer,
} from './api-protocol';
import { argValue, now } from './measure';

@Controller('patients/:id/time-entries')
class BareTimeEntriesController {
  @Post()
  log(@Param('id') id: string, @Body() body: { entryId?: unknown }): { entryId: unknown; revision: number } {
    return { entryId: body.entryId ?? id, revision: 0 };
  }
}

@Module({ controllers: [BareTimeEntriesController] })
class BareModule {}

async function bareApp(): Promise<INestApplication> {
  return NestFactory.create(BareModule, { logger: false, bodyParser: true, abortOnError: false });
}

async function productApp(filename: string, synchronous: 'FULL' | 'NORMAL'): Promise<INestApplication> {
  const fixed = new Date(BENCH_NOW);
  const clock: Clock = { now: () => fixed };
  const dataDir = `${filename}.data`;
  mkdirSync(dataDir, { recursive: true });
  const config: AppConfig = {
    port: 0,
    // A directory of its own: the read models (read-models.sqlite) must be this store's. Beside the store,
    // every server of a run shared one file, and each server after the first found read models already
    // at its positions and skipped the projection work it was there to measure.
    dataDir,
    eventStore: { kind: 'sqlite', filename, synchronous },
    jwtSecret: BENCH_SECRET,
    isDevelopmentSecret: false,
    production: false,
    // ACCESS_LOG_SHARDS as the run sets it (bench/api-replicas.ts compares 1 and 2 across replicas).
    accessLogShards: accessLogShardsOf(process.env),
    // The product's own default unless the run sets one (`--placements=main+CCM_STATE_CACHE_EVENTS=5000`).
    stateCacheEvents: loadConfig({ CCM_STATE_CACHE_EVENTS: process.env.CCM_STATE_CACHE_EVENTS })
      .stateCacheEvents,
  };
  const eventStore = new SqliteEventStore({ filename, synchronous });
  return createApp({ config, clock, eventStore, quiet: true });
}

function memoryUsage(collect: boolean): MemoryUsageReport {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (collect && gc) gc();
  return { ...process.memoryUsage(), collected: collect && gc !== undefined };
}

/**
 * Heap snapshots of the main thread and, when the projector runs on its own thread, of that thread
 * (`<prefix>-main.heapsnapshot`, `<prefix>-projector.heapsnapshot`), for a heap viewer.
 */
async function writeSnapshots(prefix: string, projector: RunningProjector | undefined): Promise<string[]> {
  const files = [writeHeapSnapshot(`${prefix}-main.heapsnapshot`)];
  const worker = projector instanceof ProjectorThread ? projector.thread : undefined;
  if (worker) {
    const file = `${prefix}-projector.heapsnapshot`;
    await pipeline(await worker.getHeapSnapshot(), createWriteStream(file));
    files.push(file);
  }
  return files;
}

function send(message: FromServer): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const kind = (argValue('kind') ?? 'product') as ServerKind;
  const filename = argValue('store');
  const sync = (argValue('sync') ?? 'FULL').toUpperCase();
  if (sync !== 'FULL' && sync !== 'NORMAL') throw new Error('--sync must be FULL or NORMAL');
  if (kind === 'product' && !filename) throw new Error('--store=<seeded sqlite file> is required');
  // --projector=off: the api alone, as deployed with the projector in its own process.
  if (argValue('projector') === 'off') process.env.CCM_PROJECTOR = 'off';
  const thread = argValue('projector-thread');
  if (thread) process.env.CCM_PROJECTOR_THREAD = thread;
  const app = kind === 'bare' ? await bareApp() : await productApp(filename ?? '', sync);
  await app.listen(0, '127.0.0.1');
  const projector = kind === 'product' ? app.get(ReadSide).projector : undefined;
  // A worker thread compiles its TypeScript first: not something the load should wait on.
  await projector?.waitUntilCaughtUp(120_000);
  const address = app.getHttpServer().address() as AddressInfo;
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const started = now();
    await projector?.waitUntilCaughtUp(300_000);
    const catchUpMs = projector ? now() - started : undefined;
    await app.close();
    send({ type: 'stopped', maxRssKb: process.resourceUsage().maxRSS, catchUpMs });
    process.disconnect?.();
  };
  const catchUp = async (timeoutMs: number): Promise<void> => {
    if (!projector) return send({ type: 'caught-up' });
    const started = now();
    try {
      await projector.waitUntilCaughtUp(timeoutMs);
      send({ type: 'caught-up', ms: now() - started });
    } catch {
      send({ type: 'caught-up', ms: Number.NaN });
    }
  };
  process.on('message', (message: ToServer) => {
    if (message.type === 'stop') void stop();
    else if (message.type === 'memory') send({ type: 'memory', usage: memoryUsage(message.gc === true) });
    else if (message.type === 'catch-up') void catchUp(message.timeoutMs);
    else if (message.type === 'snapshot')
      void writeSnapshots(message.prefix, projector).then((files) => send({ type: 'snapshot', files }));
  });
  // Never outlive the benchmark that started it.
  process.on('disconnect', () => {
    if (!stopping) void app.close().finally(() => process.exit(0));
  });
  send({ type: 'ready', port: address.port });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
