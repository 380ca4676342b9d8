import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FEE_SCHEDULE } from '@ccm/billing';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { DASHBOARD_CSP, loadDashboardAssets, type DashboardAsset } from './dashboard-assets';

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

  @Get()
  home(@Res() res: Response): void {
    res.redirect(302, '/app/worklist');
  }

  @Get(['sign-in', 'worklist', 'overview', 'billing', 'team', 'patients/:id'])
  page(@Res() res: Response): void {
    this.send(res, this.file('shell.html'));
  }

  @Get('fees.json')
  fees(@Res() res: Response): void {
    this.send(res, { body: Buffer.from(FEES_JSON), type: 'application/json; charset=utf-8' });
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() res: Response): void {
    this.send(res, this.file(name));
  }

  private file(name: string): DashboardAsset {
    const asset = name === 'shell.html' || !name.endsWith('.html') ? this.assets.get(name) : undefined;
    if (!asset) throw new ApiError(404, 'NOT_FOUND', 'No such dashboard file.');
    return asset;
  }

  private send(res: Response, asset: DashboardAsset): void {
    // Replaces the api's allow-nothing policy that hardenHttp set for JSON answers.
    res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
    res.setHeader('Content-Type', asset.type);
    res.send(asset.body);
  }
}
