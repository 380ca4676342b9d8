import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CcmMetrics } from '@ccm/observability';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mayScrape } from './metrics-access';
import { OBSERVABILITY_CONFIG } from './observability.tokens';
import type { ObservabilityConfig } from './observability-config';

/** GET /metrics on METRICS_PORT: a listener Prometheus reaches inside the network, apart from the api's. */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly metrics: CcmMetrics,
    @Inject(OBSERVABILITY_CONFIG) private readonly config: ObservabilityConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { enabled, port, host, token } = this.config.metrics;
    if (!enabled || port === undefined) return;
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '/').split('?')[0] !== '/metrics') {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"statusCode":404,"reason":"NOT_FOUND"}');
        return;
      }
      if (!mayScrape(req.headers, token)) {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"statusCode":401,"reason":"UNAUTHENTICATED"}');
        return;
      }
      this.metrics.exposition().then(
        ({ contentType, body }) =>
          res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
  }

  /** The port it listens on (tests ask for port 0). */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
