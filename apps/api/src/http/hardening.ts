import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication, NestExpressBodyParserOptionsFor } from '@nestjs/platform-express';
import type { AppConfig } from '@ccm/runtime';
import { DEFAULT_BODY_LIMIT_BYTES } from '@ccm/runtime';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import helmet from 'helmet';
import { ApiError } from './api-error';
import { MAX_JSON_DEPTH, nestsDeeperThan, textNestsDeeperThan } from './json-depth';
import { readPanelImportBodies } from '../fhir/fhir-import-body';

export const DOCS_PATH = 'docs';

/** Whether the OpenAPI UI and document are served: as configured, else everywhere but production. */
export const docsEnabled = (config: AppConfig): boolean => config.http?.docs ?? !config.production;

const TOO_DEEP = 'entity.too.deep';

const tooDeep = () =>
  new ApiError(400, 'BODY_TOO_DEEP', `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/**
 * What every answer carries and every request must be, before any route sees it:
 * - helmet's headers; on api answers a CSP that allows nothing (they are JSON), on /docs one the UI runs under;
 * - no `X-Powered-By`;
 * - `Cache-Control: no-store` on every api answer (they are about patients, or may be): no browser or proxy
 *   keeps a copy. /docs assets are left cacheable;
 * - bodies only as JSON (415 otherwise: a form-encoded body would otherwise be parsed and its field names
 *   reflected), at most `bodyLimitBytes` (413), nested at most MAX_JSON_DEPTH deep (400; deeper bodies
 *   overflowed the validator's recursion and answered 500).
 * Errors go through `next` to the ProblemFilter, in the api's one error shape.
 */
export function hardenHttp(nest: INestApplication, config: AppConfig): void {
  const app = nest as NestExpressApplication;
  const docsPrefix = `/${DOCS_PATH}`;
  const isDocs = (req: Request) =>
    docsEnabled(config) &&
    (req.path === docsPrefix ||
      req.path.startsWith(`${docsPrefix}/`) ||
      req.path.startsWith(`${docsPrefix}-`));
  app.disable('x-powered-by');

  const apiHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
  });
  // Helmet's default policy: scripts and styles from here (the UI has inline styles), images inline.
  const docsHeaders = helmet();
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isDocs(req)) return docsHeaders(req, res, next);
    res.setHeader('Cache-Control', 'no-store');
    return apiHeaders(req, res, next);
  });

  // The panel imports (a FHIR Bundle, a CSV) read their own bodies, with their own type and limit.
  app.use(readPanelImportBodies(config.http?.panelImportLimitBytes));
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const readAlready = (req as { _body?: boolean })._body === true;
    if (!hasBody(req) || readAlready || JSON_TYPE.test(req.headers['content-type'] ?? '')) return next();
    next(
      new ApiError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Request bodies are JSON (Content-Type: application/json).',
      ),
    );
  });
  // Only JSON is parsed: NestFactory is told `bodyParser: false`, so no url-encoded parser exists.
  // Nest's options type leaves `verify` out because it uses it for `rawBody`; without rawBody it passes
  // the options to express.json untouched.
  const jsonOptions = {
    limit: config.http?.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    type: (req: IncomingMessage) => JSON_TYPE.test(req.headers['content-type'] ?? ''),
    verify: (_req: IncomingMessage, _res: unknown, bytes: Buffer) => {
      if (textNestsDeeperThan(bytes, MAX_JSON_DEPTH))
        throw Object.assign(new Error(TOO_DEEP), { type: TOO_DEEP });
    },
  };
  app.useBodyParser('json', jsonOptions as NestExpressBodyParserOptionsFor<'json'>);
  // body-parser hands a refusal from `verify` on as a 403 carrying the raw body: replaced by our own error.
  app.use((error: unknown, _req: Request, _res: Response, next: NextFunction) => {
    next((error as { type?: unknown } | undefined)?.type === TOO_DEEP ? tooDeep() : error);
  });
  // And of the parsed body, whatever its character set.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(nestsDeeperThan(req.body, MAX_JSON_DEPTH) ? tooDeep() : undefined);
  });
}
