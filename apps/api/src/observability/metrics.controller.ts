import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CcmMetrics } from '@ccm/observability';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { mayScrape } from './metrics-access';
import { OBSERVABILITY_CONFIG } from './observability.tokens';
import type { ObservabilityConfig } from './observability-config';

/**
 * GET /metrics on the api's port (Prometheus text format), when no METRICS_PORT moves it to a listener
 * of its own. Not behind patient authentication: a scraper has no user; METRICS_TOKEN guards it instead.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: CcmMetrics,
    @Inject(OBSERVABILITY_CONFIG) private readonly config: ObservabilityConfig,
  ) {}

  @Get()
  @Public()
  async scrape(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!mayScrape(request.headers, this.config.metrics.token))
      throw new ApiError(401, 'UNAUTHENTICATED', 'The metrics token is required.');
    const { contentType, body } = await this.metrics.exposition();
    response
      .status(200)
      .setHeader('Content-Type', contentType)
      .setHeader('Cache-Control', 'no-store')
      .send(body);
  }
}
