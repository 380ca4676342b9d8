import { CcmMetrics } from '@ccm/observability';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { routeTemplate, type RequestLog } from './request-log';

/**
 * The first thing every request meets (createApp mounts `handle` before the body parser, so a body
 * refused for its size or syntax is logged and timed too): gives it its id and logger, and when it ends,
 * logs its record and times it in the request-duration histogram.
 */
export class RequestObserver {
  constructor(
    private readonly metrics: CcmMetrics,
    private readonly requestLog: RequestLog,
  ) {}

  readonly handle = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const started = process.hrtime.bigint();
    const record = this.requestLog.begin(req, res);
    let done = false;
    const end = (): void => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      record.end(Math.round(seconds * 1000));
      this.metrics.observeHttp(req.method ?? 'other', routeTemplate(req), res.statusCode, seconds);
    };
    // 'close' alone would do (it follows 'finish'); 'finish' logs as soon as the answer is sent.
    res.once('finish', end);
    res.once('close', end);
    next();
  };
}
