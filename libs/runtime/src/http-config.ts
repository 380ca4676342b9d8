/** Limits and exposure of the http api. */
export interface HttpConfig {
  /** Serve the OpenAPI UI and document at /docs (CCM_DOCS; off in production unless `on`). */
  readonly docs: boolean;
  /** Largest request body accepted; larger answers 413 (CCM_HTTP_BODY_LIMIT_BYTES). */
  readonly bodyLimitBytes: number;
  /**
   * Largest panel import body (a FHIR Bundle on POST /fhir, a CSV on POST /candidates/panel.csv); larger
   * answers 413 (CCM_PANEL_IMPORT_LIMIT_BYTES). Absent: DEFAULT_PANEL_IMPORT_LIMIT_BYTES.
   */
  readonly panelImportLimitBytes?: number;
  /** Requests per bearer token (per address without one) in each window; absent: unlimited. */
  readonly rateLimit?: { readonly limit: number; readonly windowSeconds: number };
}

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
/**
 * A practice's whole panel in one body: a FHIR transaction Bundle of 10,000 patients (Patient, 2-4
 * Conditions, Coverage and Encounter each; bench/interop.ts) is about 17 MiB. 32 MiB leaves room for
 * fuller resources (about 1.9× as many bytes a patient); a larger panel is split into several imports.
 * The parsed Bundle takes several times its size in memory while it is imported.
 */
export const DEFAULT_PANEL_IMPORT_LIMIT_BYTES = 32 * 1024 * 1024;
/** Generous: 20 requests a second, sustained for a minute, from one token (a bulk import script). */
export const DEFAULT_RATE_LIMIT = 1200;
export const DEFAULT_RATE_LIMIT_WINDOW_SECONDS = 60;

export class HttpConfigError extends Error {
  override readonly name = 'HttpConfigError';
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new HttpConfigError(`${name} must be a whole number from ${min} to ${max}`);
  return value;
}

export function loadHttpConfig(env: NodeJS.ProcessEnv): HttpConfig {
  const docsSetting = (env.CCM_DOCS ?? '').toLowerCase();
  if (!['', 'on', 'off'].includes(docsSetting)) throw new HttpConfigError('CCM_DOCS must be on or off');
  const docs = docsSetting === '' ? env.NODE_ENV !== 'production' : docsSetting === 'on';
  const bodyLimitBytes = whole(
    env,
    'CCM_HTTP_BODY_LIMIT_BYTES',
    DEFAULT_BODY_LIMIT_BYTES,
    1024,
    64 * 1024 * 1024,
  );
  const panelImportLimitBytes = whole(
    env,
    'CCM_PANEL_IMPORT_LIMIT_BYTES',
    DEFAULT_PANEL_IMPORT_LIMIT_BYTES,
    1024,
    256 * 1024 * 1024,
  );
  const limit = whole(env, 'CCM_RATE_LIMIT', DEFAULT_RATE_LIMIT, 0, 1_000_000);
  const windowSeconds = whole(
    env,
    'CCM_RATE_LIMIT_WINDOW_SECONDS',
    DEFAULT_RATE_LIMIT_WINDOW_SECONDS,
    1,
    3600,
  );
  return {
    docs,
    bodyLimitBytes,
    panelImportLimitBytes,
    ...(limit > 0 ? { rateLimit: { limit, windowSeconds } } : {}),
  };
}
