import { isDate, isDateTime, isMonth, isPeriod, isTime } from './wall-clock';

/** Where a bad value is and what was expected; never the value itself (it may be patient data). */
export interface ValidationError {
  /** e.g. `timeEntries[2].minutes`. */
  path: string;
  message: string;
}

export type Json = Record<string, unknown>;

/** A failed check; a class so that a string value and an error message can never be confused. */
export class Invalid {
  constructor(readonly message: string) {}
}
export type Check<T> = (value: unknown) => T | Invalid;

export const text: Check<string> = (v) =>
  typeof v === 'string' && v.trim().length > 0 ? v : new Invalid('must be a non-empty string');
export const flag: Check<boolean> = (v) =>
  typeof v === 'boolean' ? v : new Invalid('must be true or false');
export const count =
  (min: number): Check<number> =>
  (v) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= min
      ? v
      : new Invalid(`must be an integer >= ${min}`);
export const nonNegative: Check<number> = (v) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : new Invalid('must be a number >= 0');
export const oneOf =
  <T extends string>(values: readonly T[]): Check<T> =>
  (v) =>
    typeof v === 'string' && (values as readonly string[]).includes(v)
      ? (v as T)
      : new Invalid(`must be one of ${values.join(', ')}`);
export const formatted =
  (test: (s: string) => boolean, shape: string): Check<string> =>
  (v) =>
    typeof v === 'string' && test(v) ? v : new Invalid(`must be a valid ${shape}`);
export const date = formatted(isDate, 'date YYYY-MM-DD');
export const time = formatted(isTime, 'time HH:MM');
export const dateTime = formatted(isDateTime, 'datetime YYYY-MM-DDTHH:MM');
export const month = formatted(isMonth, 'month YYYY-MM');
export const period = formatted(isPeriod, 'period YYYY-MM-DD..YYYY-MM-DD');
export const dateOrDateTime = formatted(
  (s) => isDate(s) || isDateTime(s),
  'date YYYY-MM-DD or datetime YYYY-MM-DDTHH:MM',
);

export function isJson(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collects every error with its path so one run names all bad fields. */
export class Reader {
  readonly errors: ValidationError[] = [];

  fail(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  private check<T>(path: string, value: unknown, check: Check<T>): T | undefined {
    const result = check(value);
    if (result instanceof Invalid) {
      this.fail(path, result.message);
      return undefined;
    }
    return result;
  }

  required<T>(o: Json, key: string, path: string, check: Check<T>): T | undefined {
    if (!(key in o) || o[key] === undefined) {
      this.fail(join(path, key), 'is required');
      return undefined;
    }
    return this.check(join(path, key), o[key], check);
  }

  /** Present but possibly null (e.g. `mdmThisMonth`). */
  requiredNullable<T>(o: Json, key: string, path: string, check: Check<T>): T | null | undefined {
    if (!(key in o) || o[key] === undefined) {
      this.fail(join(path, key), 'is required (null allowed)');
      return undefined;
    }
    return o[key] === null ? null : this.check(join(path, key), o[key], check);
  }

  /** Absent and null mean the same: not on file. */
  optional<T>(o: Json, key: string, path: string, check: Check<T>): T | undefined {
    return o[key] === undefined || o[key] === null ? undefined : this.check(join(path, key), o[key], check);
  }

  object(value: unknown, path: string): Json | undefined {
    if (isJson(value)) return value;
    this.fail(path, 'must be an object');
    return undefined;
  }

  requiredObject(o: Json, key: string, path: string): Json | undefined {
    if (!(key in o) || o[key] === undefined) {
      this.fail(join(path, key), 'is required');
      return undefined;
    }
    return this.object(o[key], join(path, key));
  }

  optionalObject(o: Json, key: string, path: string): Json | undefined {
    return o[key] === undefined || o[key] === null ? undefined : this.object(o[key], join(path, key));
  }

  array<T>(
    value: unknown,
    path: string,
    item: (v: unknown, itemPath: string) => T | undefined,
  ): T[] | undefined {
    if (!Array.isArray(value)) {
      this.fail(path, 'must be an array');
      return undefined;
    }
    const out: T[] = [];
    value.forEach((v, i) => {
      const parsed = item(v, `${path}[${i}]`);
      if (parsed !== undefined) out.push(parsed);
    });
    return out;
  }

  requiredArray<T>(
    o: Json,
    key: string,
    path: string,
    item: (v: unknown, p: string) => T | undefined,
  ): T[] | undefined {
    if (!(key in o) || o[key] === undefined) {
      this.fail(join(path, key), 'is required');
      return undefined;
    }
    return this.array(o[key], join(path, key), item);
  }

  optionalArray<T>(
    o: Json,
    key: string,
    path: string,
    item: (v: unknown, p: string) => T | undefined,
  ): T[] | undefined {
    return o[key] === undefined || o[key] === null ? undefined : this.array(o[key], join(path, key), item);
  }

  scalar<T>(check: Check<T>): (v: unknown, p: string) => T | undefined {
    return (v, p) => this.check(p, v, check);
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
