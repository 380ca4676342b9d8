import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module';
import { docsEnabled, DOCS_PATH, hardenHttp } from './http/hardening';
import { validationPipe } from './http/validation';
import { observabilityOptions } from './observability/observability.module';
import { RequestObserver } from './observability/request-observer';

/** The api with its pipes, docs and request ids; `main.ts` listens, tests use it in-process. */
export async function createApp(options: AppModuleOptions & { quiet?: boolean }): Promise<INestApplication> {
  const observability = observabilityOptions(options.observability, options.quiet);
  const app = await NestFactory.create(AppModule.forRoot({ ...options, observability }), {
    // Held until the JSON logger takes over.
    bufferLogs: true,
    // JSON only, parsed by hardenHttp with its limits.
    bodyParser: false,
    abortOnError: false,
  });
  app.useLogger(app.get(PinoLogger));
  // Before the body parser: request id, request log and timing for every request, refused ones too.
  app.use(app.get(RequestObserver).handle);
  hardenHttp(app, options.config);
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('CCM core')
      .setDescription(
        'System of record for Medicare Chronic Care Management: consent, care plans, contacts and time logs as events. ' +
          'Commands answer with ETag = stream revision; send If-Match to write only on the revision you read. ' +
          'Send Idempotency-Key (1-255 visible ASCII characters) to make a command safe to retry: the same command ' +
          'under the same key on the same record is answered as the first (X-CCM-Replayed: true), another command ' +
          'under it is refused (409 IDEMPOTENCY_KEY_REUSED).',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  if (docsEnabled(options.config))
    SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}/json` });
  if (options.config.isDevelopmentSecret) {
    new Logger('auth').warn(
      'CCM_JWT_SECRET is not set: using the DEVELOPMENT secret. Never run like this in production.',
    );
  }
  return app;
}
