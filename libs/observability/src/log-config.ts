/**
 * How a process logs: one JSON line per record on stdout (pino), with paths that may carry health data
 * censored before a line is written. Read from the environment by both the api and the projector.
 */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type LogFormat = 'json' | 'pretty';

export interface LogConfig {
  /** Which process wrote the line (`service` on every record). */
  readonly service: string;
  readonly level: LogLevel;
  /** `pretty` (coloured, one readable line) only on a terminal outside production; `json` otherwise. */
  readonly format: LogFormat;
  /** pino redaction paths: the defaults below plus LOG_REDACT_PATHS; the defaults cannot be removed. */
  readonly redact: readonly string[];
}

const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Censored wherever they appear in a record, whoever logs it: credentials, request and response bodies,
 * urls and route parameters (they carry patient ids), query strings, and fields that name a patient or
 * hold clinical content. Request lines are built without any of these (see the api's request log); this
 * list is the second line of defence for a record someone adds later.
 */
export const DEFAULT_REDACT_PATHS: readonly string[] = [
  'authorization',
  'cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["x-metrics-token"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-metrics-token"]',
  'res.headers["set-cookie"]',
  'body',
  'req.body',
  'res.body',
  'url',
  'req.url',
  'req.originalUrl',
  'originalUrl',
  'path',
  'req.path',
  'params',
  'req.params',
  'query',
  'req.query',
  'patientId',
  '*.patientId',
  'streamId',
  '*.streamId',
  'dateOfBirth',
  '*.dateOfBirth',
  'demographics',
  '*.demographics',
  'mbi',
  '*.mbi',
  'address',
  '*.address',
  'phone',
  '*.phone',
  'diagnoses',
  '*.diagnoses',
  'conditions',
  '*.conditions',
  'notes',
  '*.notes',
  'note',
  '*.note',
  'data',
  'event.data',
  'err.message',
  'error.message',
];

export class LogConfigurationError extends Error {
  override readonly name = 'LogConfigurationError';
}

/**
 * LOG_LEVEL (info), LOG_FORMAT (json or pretty; by default pretty only when stdout is a terminal and
 * NODE_ENV is not production, never pretty in production), LOG_REDACT_PATHS (comma-separated pino paths
 * censored on top of the defaults).
 */
export function loadLogConfig(
  service: string,
  env: NodeJS.ProcessEnv = process.env,
  stdoutIsTerminal: boolean = process.stdout.isTTY === true,
): LogConfig {
  const level = (env.LOG_LEVEL ?? 'info').trim().toLowerCase() as LogLevel;
  if (!LEVELS.includes(level))
    throw new LogConfigurationError(`LOG_LEVEL must be one of ${LEVELS.join(', ')}`);
  const production = env.NODE_ENV === 'production';
  const asked = env.LOG_FORMAT?.trim().toLowerCase();
  if (asked !== undefined && asked !== '' && asked !== 'json' && asked !== 'pretty')
    throw new LogConfigurationError('LOG_FORMAT must be json or pretty');
  const format: LogFormat =
    production || asked === 'json' ? 'json' : asked === 'pretty' || stdoutIsTerminal ? 'pretty' : 'json';
  const extra = (env.LOG_REDACT_PATHS ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const path of extra) {
    if (!/^[A-Za-z0-9_$*.[\]"'-]{1,200}$/.test(path))
      throw new LogConfigurationError('LOG_REDACT_PATHS holds a path pino cannot read');
  }
  return { service, level, format, redact: [...new Set([...DEFAULT_REDACT_PATHS, ...extra])] };
}
