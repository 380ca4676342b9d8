/**
 * The server side of bench/platform-trial.ts (issue #20), run as its own process (forked with IPC):
 *
 *   --platform=express|fastify  NestFactory.create with the default platform, or with a FastifyAdapter;
 *   --path=bare|command         bare: one trivial POST controller on /patients/:id/time-entries, no pipes;
 *                               command: the same route with the api's global ValidationPipe (the same
 *                               instance, apps/api/src/http/validation.ts), its request DTO (LogTimeDto)
 *                               and a @nestjs/cqrs CommandBus dispatching to a handler that stores nothing.
 *
 * Both answer 201 with the same small JSON. No guards, no auth: platform + pipe + bus only. It listens on
 * 127.0.0.1:0 and tells the parent its port; on `mark` it starts counting requests and CPU
 * (process.cpuUsage), and on `stop` reports both with its peak RSS.
 */
import 'reflect-metadata';
import { Body, Controller, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command, CommandBus, CommandHandler, CqrsModule, type ICommandHandler } from '@nestjs/cqrs';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validationPipe } from '../../apps/api/src/http/validation';
import { LogTimeDto } from '../../apps/api/src/time-log/time-log.dto';
import { argValue } from './measure';

export type TrialPlatform = 'express' | 'fastify';
export type TrialPath = 'bare' | 'command';
export type ToTrialServer = { readonly type: 'mark' } | { readonly type: 'stop' };
export type FromTrialServer =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'marked' }
  /** `cpuUs`: user + system CPU of the process since `mark`; `requests`: requests it received since. */
  | { readonly type: 'stopped'; readonly maxRssKb: number; readonly cpuUs: number; readonly requests: number }
  | { readonly type: 'failed'; readonly message: string };

interface Receipt {
  readonly revision: number;
}

@Controller('patients/:id/time-entries')
class BareController {
  @Post()
  log(@Param('id') id: string, @Body() body: { entryId?: unknown }): { entryId: unknown; revision: number } {
    return { entryId: body.entryId ?? id, revision: 0 };
  }
}

class TrialLogTime extends Command<Receipt> {
  constructor(
    readonly patientId: string,
    readonly entry: LogTimeDto,
  ) {
    super();
  }
}

/** No storage work: a fixed small receipt. */
@CommandHandler(TrialLogTime)
class TrialLogTimeHandler implements ICommandHandler<TrialLogTime> {
  async execute(): Promise<Receipt> {
    return { revision: 0 };
  }
}

@Controller('patients/:id/time-entries')
class CommandController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  async log(@Param('id') id: string, @Body() body: LogTimeDto): Promise<Receipt & { entryId: string }> {
    const receipt = await this.bus.execute(new TrialLogTime(id, body));
    return { entryId: body.entryId, ...receipt };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

@Module({
  imports: [CqrsModule.forRoot()],
  controllers: [CommandController],
  providers: [TrialLogTimeHandler],
})
class CommandModule {}

async function createTrialApp(platform: TrialPlatform, path: TrialPath): Promise<INestApplication> {
  const module = path === 'bare' ? BareModule : CommandModule;
  const options = { logger: false as const, abortOnError: false };
  const app =
    platform === 'fastify'
      ? await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), options)
      : await NestFactory.create(module, { ...options, bodyParser: true });
  if (path === 'command') app.useGlobalPipes(validationPipe);
  return app;
}

function send(message: FromTrialServer): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const platform = argValue('platform');
  const path = argValue('path');
  if (platform !== 'express' && platform !== 'fastify') throw new Error('--platform=express|fastify');
  if (path !== 'bare' && path !== 'command') throw new Error('--path=bare|command');
  const app = await createTrialApp(platform, path);
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  let requests = 0;
  server.on('request', () => requests++);
  let cpuFrom = process.cpuUsage();
  let stopping = false;
  process.on('message', (message: ToTrialServer) => {
    if (message.type === 'mark') {
      requests = 0;
      cpuFrom = process.cpuUsage();
      send({ type: 'marked' });
    } else if (message.type === 'stop' && !stopping) {
      stopping = true;
      const cpu = process.cpuUsage(cpuFrom);
      const served = requests;
      void app.close().then(() => {
        send({
          type: 'stopped',
          maxRssKb: process.resourceUsage().maxRSS,
          cpuUs: cpu.user + cpu.system,
          requests: served,
        });
        process.disconnect?.();
      });
    }
  });
  // Never outlive the benchmark that started it.
  process.on('disconnect', () => {
    if (!stopping) void app.close().finally(() => process.exit(0));
  });
  send({ type: 'ready', port: (server.address() as AddressInfo).port });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
