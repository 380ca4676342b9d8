import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One file the dashboard serves: its bytes are read once, at start, from committed files or node_modules. */
export interface DashboardAsset {
  readonly body: Buffer;
  readonly type: string;
  /** A strong validator of the bytes, so a browser revalidates a file instead of fetching it again. */
  readonly etag: string;
}

export const assetOf = (body: Buffer, type: string): DashboardAsset => ({
  body,
  type,
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
});

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/**
 * The browser modules sit beside this file in the sources; the compiled api (dist/) runs from the
 * repository root or an image that copies the folder to the same place, so both are looked for.
 */
function assetsFolder(): string {
  const candidates = [
    join(__dirname, 'assets'),
    join(process.cwd(), 'apps', 'api', 'src', 'dashboard', 'assets'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'shell.html')));
  if (!found) throw new Error(`dashboard assets not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** Only these names are served: a request can never name a path of its own. */
const OWN_FILES = [
  'shell.html',
  'dashboard.css',
  'tables.css',
  'app.js',
  'api.js',
  'dom.js',
  'charts.js',
  'reasons.js',
  'sign-in.js',
  'worklist.js',
  'overview.js',
  'billing.js',
  'download.js',
  'patient.js',
  'as-of.js',
  'team.js',
  'outcomes.js',
  'outcome-cards.js',
  'funnel.js',
];

const CHART_LIBRARY: readonly { readonly name: string; readonly file: string }[] = [
  { name: 'uPlot.iife.min.js', file: 'dist/uPlot.iife.min.js' },
  { name: 'uPlot.min.css', file: 'dist/uPlot.min.css' },
];

const typeOf = (name: string): string =>
  TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';

export function loadDashboardAssets(): ReadonlyMap<string, DashboardAsset> {
  const folder = assetsFolder();
  const assets = new Map<string, DashboardAsset>();
  for (const name of OWN_FILES) assets.set(name, assetOf(readFileSync(join(folder, name)), typeOf(name)));
  const uplot = dirname(require.resolve('uplot/package.json'));
  for (const { name, file } of CHART_LIBRARY)
    assets.set(name, assetOf(readFileSync(join(uplot, file)), typeOf(name)));
  return assets;
}

/**
 * Scripts and styles from this origin only, no inline script or style, no eval; data only from the api
 * itself. Blob URLs are navigated to for downloads (the CSV, the evidence packet), never run as script.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
