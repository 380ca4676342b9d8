import { startApi, type ApiHarness } from '../testing/api-harness';
import { DASHBOARD_CSP } from './dashboard-assets';

/** The dashboard's files over HTTP: what is served, to whom, under which policy. */
describe('dashboard files', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  }, 60_000);
  afterAll(async () => {
    await api?.close();
  });

  it.each([
    '/app/worklist',
    '/app/overview',
    '/app/billing',
    '/app/sign-in',
    '/app/team',
    '/app/outcomes',
    '/app/funnel',
    '/app/patients/pt-1',
  ])('serves the page shell at %s without a token, under the strict policy', async (path) => {
    const response = await api.http.get(path).expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.text).toContain('<script type="module" src="/app/assets/app.js"></script>');
    expect(response.text).not.toMatch(/<script>|style="/);
  });

  it('allows scripts and styles from its own origin only, and no inline script or eval', () => {
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).toContain("default-src 'none'");
    expect(DASHBOARD_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });

  it('serves its modules and the chart library from node_modules, and nothing else', async () => {
    const app = await api.http.get('/app/assets/app.js').expect(200);
    expect(app.headers['content-type']).toBe('text/javascript; charset=utf-8');
    await api.http.get('/app/assets/funnel.js').expect(200);
    const chart = await api.http.get('/app/assets/uPlot.iife.min.js').expect(200);
    expect(chart.text).toContain('uPlot');
    await api.http.get('/app/assets/uPlot.min.css').expect(200);
    for (const name of [
      'dashboard.controller.ts',
      '..%2Fdashboard.controller.ts',
      'shell.htm',
      'package.json',
    ])
      await api.http.get(`/app/assets/${name}`).expect(404);
  });

  it('lets a browser keep its files and revalidate them (they hold no patient data)', async () => {
    for (const path of ['/app/assets/app.js', '/app/worklist', '/app/fees.json']) {
      const first = await api.http.get(path).expect(200);
      expect(first.headers['cache-control']).toBe('no-cache');
      expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
      const again = await api.http.get(path).set('If-None-Match', first.headers.etag).expect(304);
      expect(again.text).toBe('');
      await api.http.get(path).set('If-None-Match', '"other"').expect(200);
    }
    // The api's answers stay out of every cache.
    const answer = await api.http.get('/worklist');
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('sends /app to the worklist and answers the fee table as JSON', async () => {
    await api.http.get('/app').expect(302).expect('Location', '/app/worklist');
    const fees = await api.http.get('/app/fees.json').expect(200);
    expect(fees.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: '99490', year: 2026 })]),
    );
  });

  it('leaves the JSON routes as they were: a token required, the allow-nothing policy', async () => {
    const response = await api.http.get('/worklist').expect(401);
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['content-security-policy']).not.toContain("script-src 'self'");
  });
});
