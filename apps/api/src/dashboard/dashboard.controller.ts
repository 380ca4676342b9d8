import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FEE_SCHEDULE } from '@ccm/billing';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { assetOf, DASHBOARD_CSP, loadDashboardAssets, type DashboardAsset } from './dashboard-assets';

/** The fee table as the overview needs it: public reference figures, nothing about a patient. */
const FEES_JSON = JSON.stringify(
  FEE_SCHEDULE.map((f) => ({
    code: f.code,
    year: f.year,
    amountCents: f.amountCents,
    approximate: f.approximate,
  })),
);

/**
 * The dashboard's pages and files. They carry no data: every page is the same shell whose scripts ask
 * the api's JSON routes, with the bearer token the user signed in with, so roles, practice isolation and
 * the access log are exactly those of the api. Hence public: the shell is served before anyone signs in.
 */
@ApiExcludeController()
@Public()
@Controller('app')
export class DashboardController {
  private readonly assets = loadDashboardAssets();
  private readonly feeTable = assetOf(Buffer.from(FEES_JSON), 'application/json; charset=utf-8');

  @Get()
  home(@Res() res: Response): void {
    res.redirect(302, '/app/worklist');
  }

  @Get(['sign-in', 'worklist', 'overview', 'billing', 'team', 'outcomes', 'funnel', 'patients/:id'])
  page(@Req() req: Request, @Res() res: Response): void {
    this.send(req, res, this.file('shell.html'));
  }

  @Get('fees.json')
  fees(@Req() req: Request, @Res() res: Response): void {
    this.send(req, res, this.feeTable);
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Req() req: Request, @Res() res: Response): void {
    this.send(req, res, this.file(name));
  }

  private file(name: string): DashboardAsset {
    const asset = name === 'shell.html' || !name.endsWith('.html') ? this.assets.get(name) : undefined;
    if (!asset) throw new ApiError(404, 'NOT_FOUND', 'No such dashboard file.');
    return asset;
  }

  private send(req: Request, res: Response, asset: DashboardAsset): void {
    // Replaces the api's allow-nothing policy that hardenHttp set for JSON answers.
    res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
    // The files hold no patient data: a browser keeps them and asks whether they changed (hardenHttp's
    // no-store is for the api's answers).
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('ETag', asset.etag);
    if (req.headers['if-none-match'] === asset.etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', asset.type);
    res.send(asset.body);
  }
}
