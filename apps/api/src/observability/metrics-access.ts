import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Whether a scrape may read the metrics: always without a token, else only with `Bearer <token>`. */
export function mayScrape(headers: IncomingHttpHeaders, token: string | undefined): boolean {
  if (token === undefined) return true;
  const header = headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  // Compared as digests, in constant time whatever the lengths.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(header.slice('Bearer '.length).trim()), digest(token));
}
