import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import { AppModule, type AppModuleOptions } from './app.module';
import type { AuthenticatedRequest } from './auth/auth.decorators';
import { validationPipe } from './http/validation';

/** The api with its pipes, docs and request ids; `main.ts` listens, tests use it in-process. */
export async function createApp(options: AppModuleOptions & { quiet?: boolean }): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(options), {
    logger: options.quiet ? false : ['error', 'warn', 'log'],
    bodyParser: true,
    abortOnError: false,
  });
  app.useGlobalPipes(validationPipe);
  app.use((req: AuthenticatedRequest, res: Response, next: NextFunction) => {
    req.requestId = randomUUID();
    res.setHeader('X-Request-Id', req.requestId);
    next();
  });
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('CCM core')
      .setDescription(
        'System of record for Medicare Chronic Care Management: consent, care plans, contacts and time logs as events. ' +
          'Commands answer with ETag = stream revision; send If-Match to write only on the revision you read.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
  if (options.config.isDevelopmentSecret) {
    new Logger('auth').warn(
      'CCM_JWT_SECRET is not set: using the DEVELOPMENT secret. Never run like this in production.',
    );
  }
  return app;
}
