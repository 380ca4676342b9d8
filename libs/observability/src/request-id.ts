/**
 * An incoming X-Request-Id is kept when it looks like an id a proxy or client generates (letters,
 * digits and `._:-`, at most 128), so one request can be followed across services; anything else is
 * replaced. Never an array, never free text.
 */
export function acceptRequestId(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(header)
    ? header
    : undefined;
}
