import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

export const readRepoFile = (path: string): string => readFileSync(join(REPO_ROOT, path), 'utf8');

/** A compose file as YAML, merge keys (`<<: *anchor`) resolved, nothing interpolated. */
export function loadComposeYaml(text: string): unknown {
  return load(text, { schema: CORE_SCHEMA.withTags(mergeTag) });
}

export class InterpolationError extends Error {
  override readonly name = 'InterpolationError';
}

const EXPRESSION = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Compose's interpolation of one string: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR-default}`,
 * `${VAR:?message}` and `${VAR?message}` (an error), `${VAR:+other}` and `${VAR+other}`. The colon forms
 * treat an empty value as unset.
 */
export function interpolate(text: string, env: Readonly<Record<string, string | undefined>>): string {
  return text.replace(
    EXPRESSION,
    (whole, braced?: string, operator?: string, argument?: string, bare?: string) => {
      if (whole === '$$') return '$';
      const name = braced ?? bare ?? '';
      const value = env[name];
      const unset = operator?.startsWith(':') ? value === undefined || value === '' : value === undefined;
      switch (operator?.replace(':', '')) {
        case '-':
          return unset ? (argument ?? '') : (value ?? '');
        case '?':
          if (unset)
            throw new InterpolationError(`required variable ${name} is missing a value: ${argument ?? ''}`);
          return value ?? '';
        case '+':
          return unset ? '' : (argument ?? '');
        default:
          return value ?? '';
      }
    },
  );
}

/** Every string of a parsed compose file interpolated, keys left as they are (as compose does). */
export function interpolateAll(node: unknown, env: Readonly<Record<string, string | undefined>>): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((item) => interpolateAll(item, env));
  if (node && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateAll(value, env)]));
  return node;
}

/** The `${...}` expressions of a text, outside comment lines. */
export function expressions(text: string): { name: string; operator: string; argument: string }[] {
  const found: { name: string; operator: string; argument: string }[] = [];
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    for (const match of line.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}/g))
      found.push({ name: match[1], operator: match[2] ?? '', argument: match[3] ?? '' });
  }
  return found;
}

export interface ComposeService {
  readonly image?: string;
  readonly build?: unknown;
  readonly command?: string | string[];
  readonly entrypoint?: string | string[];
  readonly environment?: Record<string, string>;
  readonly ports?: string[];
  readonly expose?: unknown;
  readonly volumes?: string[];
  readonly networks?: string[] | Record<string, unknown>;
  readonly network_mode?: string;
  readonly profiles?: string[];
  readonly user?: string;
  readonly depends_on?: Record<string, { condition: string }>;
  readonly healthcheck?: { test: string | string[] };
}

export interface ComposeFile {
  readonly services: Record<string, ComposeService>;
  readonly networks?: Record<string, { internal?: boolean } | null>;
  readonly volumes?: Record<string, unknown>;
}

export const networksOf = (service: ComposeService): string[] =>
  Array.isArray(service.networks) ? service.networks : Object.keys(service.networks ?? {});

export const words = (value: string | string[] | undefined): string =>
  Array.isArray(value) ? value.join(' ') : (value ?? '');
