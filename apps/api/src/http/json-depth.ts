// How deep a JSON body nests, asked of the parsed value or of its raw bytes; shared by every body reader.

/** Deeper than any body this api takes (a billing facts document nests 6 levels) by a wide margin. */
export const MAX_JSON_DEPTH = 32;

/** Does `value` nest objects or arrays deeper than `max`? Iterative: a deep body must not overflow our stack either. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [next, depth] = pending.pop() as [unknown, number];
    if (typeof next !== 'object' || next === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(next) ? next : Object.values(next)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * The same question asked of the raw bytes, before they are parsed: one pass, no allocation. A 1 MiB body
 * of brackets takes JSON.parse a third of a second; this refuses it in about a millisecond. Brackets inside
 * strings do not count (UTF-8 never puts a quote or backslash byte inside a multi-byte character).
 */
export function textNestsDeeperThan(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const byte of bytes) {
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === 0x5c) escaped = true;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > max) return true;
    } else if (byte === 0x5d || byte === 0x7d) depth--;
  }
  return false;
}
