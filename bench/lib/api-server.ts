/**
 * The server side of bench/api-commands.ts, run as its own process (forked with an IPC channel) so the
 * load generator never shares an event loop with the server it measures.
 *
 *   --kind=product  the real api (createApp: pipes, guard, interceptors, command bus, SQLite store) on a
 *                   copy of a seeded store file, at --sync=FULL|NORMAL;
 *                   --projector=off leaves the read models to a projector process (none runs here);
 *                   --projector-thread=main keeps the embedded projector on the event loop (default: its
 *                   own worker thread). The server says it is ready once the read models have caught up,
 *                   and on stop how long after the load they took to apply every command;
 *   --kind=bare     the limit: a minimal Nest app (same platform, same body parser) whose one trivial
 *                   POST controller answers on the same route, with no global pipes, guards or filters.
 *
 * It listens on 127.0.0.1 only, tells the parent its port, and stops when told (or when the parent goes).
 */
import 'reflect-metadata';
import { Body, Controller, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { SqliteEventStore } from '@ccm/event-store';
import type { Clock } from '@ccm/record';
import type { AppConfig } from '@ccm/runtime';
import { createApp } from '../../apps/api/src/create-app';
import { ReadSide } from '../../apps/api/src/read-models/read-side';
import { BENCH_NOW, BENCH_SECRET, type FromServer, type ServerKind, type ToServer } from './api-protocol';
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
  const config: AppConfig = {
    port: 0,
    dataDir: filename.replace(/\/[^/]+$/, ''),
    eventStore: { kind: 'sqlite', filename, synchronous },
    jwtSecret: BENCH_SECRET,
    isDevelopmentSecret: false,
    production: false,
  };
  const eventStore = new SqliteEventStore({ filename, synchronous });
  return createApp({ config, clock, eventStore, quiet: true });
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
  process.on('message', (message: ToServer) => {
    if (message.type === 'stop') void stop();
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
