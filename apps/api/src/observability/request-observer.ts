import { CcmMetrics } from '@ccm/observability';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpLogger } from 'pino-http';
import { routeTemplate } from './request-log';

/**
 * The first thing every request meets (createApp mounts `handle` before the body parser, so a body
 * refused for its size or syntax is logged and timed too): starts the timer for the request-duration
 * histogram, then hands the request to pino-http, which gives it its id and logs it when it ends.
 */
export class RequestObserver {
  constructor(
    private readonly metrics: CcmMetrics,
    private readonly httpLogger: HttpLogger,
  ) {}

  readonly handle = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const started = process.hrtime.bigint();
    let done = false;
    const end = (): void => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.observeHttp(req.method ?? 'other', routeTemplate(req), res.statusCode, seconds);
    };
    res.once('finish', end);
    res.once('close', end);
    this.httpLogger(req, res, next);
  };
}
