/** A string JSON.stringify would write as is between quotes: no quote, backslash, control or surrogate. */
const PLAIN_STRING = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

const quoted = (text: string): string => (PLAIN_STRING.test(text) ? `"${text}"` : JSON.stringify(text));

/**
 * JSON with object keys sorted at every depth, so equal content always hashes and compares equal.
 * Event hashes depend on this exact text: it must stay what it has always been (the reference
 * implementation in canonical-json.unit.spec.ts); the string and number shortcuts write what
 * JSON.stringify would, without a call per value.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quoted(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return JSON.stringify(value) ?? 'null';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // A hole is written as nothing, as `map` and `join` did.
      if (i in value) out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  return canonicalObject(value as Record<string, unknown>, undefined);
}

/**
 * canonicalJson of an object as if `omitted` had been left out of it (`const { [omitted]: _, ...rest }`),
 * without making that copy.
 */
export function canonicalJsonWithout(record: Readonly<Record<string, unknown>>, omitted: string): string {
  return canonicalObject(record, omitted);
}

function canonicalObject(record: Readonly<Record<string, unknown>>, omitted: string | undefined): string {
  // Keys are distinct strings: the default sort orders them by UTF-16 code units, as `<` does.
  const keys = Object.keys(record).sort();
  let out = '{';
  let separator = '';
  for (const key of keys) {
    if (key === omitted) continue;
    const inner = record[key];
    if (inner === undefined) continue;
    out += `${separator}${quoted(key)}:${canonicalJson(inner)}`;
    separator = ',';
  }
  return `${out}}`;
}

export const sameContent = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
