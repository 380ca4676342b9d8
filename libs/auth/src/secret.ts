/** Used only outside production when CCM_JWT_SECRET is unset; the api logs loudly that it is in use. */
export const DEVELOPMENT_JWT_SECRET = 'ccm-development-secret-do-not-use-in-production';

export interface JwtSecretChoice {
  readonly secret: string;
  readonly isDevelopmentSecret: boolean;
}

/** HS256 keys are as strong as they are unguessable: NIST SP 800-107 asks for at least the hash's security, 128 bits here. */
export const MIN_SECRET_BITS = 128;
const MIN_SECRET_LENGTH = 32;
const MIN_DISTINCT_CHARACTERS = 12;

/**
 * Why a production HS256 secret is too weak, or undefined when it is not. Length alone says nothing (40
 * spaces are 40 characters): the estimate is the secret's own character distribution (Shannon entropy per
 * character times its length), which an attacker can guess from far fewer tries when the secret repeats
 * a few characters or a short pattern. Generous to random secrets: 32 base64 characters from `openssl rand
 * -base64 32` estimate near 150 bits.
 */
export function secretWeakness(secret: string): string | undefined {
  const characters = [...secret];
  if (characters.length < MIN_SECRET_LENGTH)
    return `it has ${characters.length} characters; at least ${MIN_SECRET_LENGTH} are needed`;
  if (secret.trim() === '') return 'it is only whitespace';
  const counts = new Map<string, number>();
  for (const c of characters) counts.set(c, (counts.get(c) ?? 0) + 1);
  if (counts.size < MIN_DISTINCT_CHARACTERS)
    return `it uses ${counts.size} distinct characters; a random secret uses at least ${MIN_DISTINCT_CHARACTERS}`;
  let neighbours = 0;
  for (let i = 1; i < characters.length; i++)
    if (Math.abs((characters[i].codePointAt(0) ?? 0) - (characters[i - 1].codePointAt(0) ?? 0)) <= 1)
      neighbours++;
  if (neighbours * 2 > characters.length - 1)
    return 'it is mostly runs of neighbouring characters (abcd..., 1234..., aaaa...)';
  const period = shortestPeriod(characters);
  if (period < characters.length)
    return `it repeats a pattern of ${period} characters; a random secret does not`;
  let bitsPerCharacter = 0;
  for (const count of counts.values()) {
    const p = count / characters.length;
    bitsPerCharacter -= p * Math.log2(p);
  }
  const bits = Math.floor(bitsPerCharacter * characters.length);
  if (bits < MIN_SECRET_BITS)
    return `its characters carry about ${bits} bits of entropy; at least ${MIN_SECRET_BITS} are needed`;
  return undefined;
}

/** The length of the shortest unit the whole secret repeats (its own length when it repeats none). */
function shortestPeriod(characters: readonly string[]): number {
  // Knuth-Morris-Pratt failure function: the longest proper prefix that is also a suffix.
  const failure = new Array<number>(characters.length).fill(0);
  for (let i = 1, k = 0; i < characters.length; i++) {
    while (k > 0 && characters[i] !== characters[k]) k = failure[k - 1];
    if (characters[i] === characters[k]) k++;
    failure[i] = k;
  }
  const period = characters.length - failure[characters.length - 1];
  return characters.length % period === 0 ? period : characters.length;
}

/**
 * The HS256 secret: CCM_JWT_SECRET, refused in production when it is guessable (with the reason), or
 * the development secret outside production.
 */
export function chooseJwtSecret(env: NodeJS.ProcessEnv): JwtSecretChoice {
  const configured = env.CCM_JWT_SECRET;
  if (configured && configured.length > 0) {
    if (env.NODE_ENV === 'production') {
      if (configured === DEVELOPMENT_JWT_SECRET)
        throw new Error('CCM_JWT_SECRET is the published development secret; refused in production');
      const weakness = secretWeakness(configured);
      if (weakness)
        throw new Error(
          `CCM_JWT_SECRET is too weak for production: ${weakness}. Generate one with \`openssl rand -base64 48\`.`,
        );
    }
    return { secret: configured, isDevelopmentSecret: false };
  }
  if (env.NODE_ENV === 'production') {
    throw new Error(
      'CCM_JWT_SECRET is required in production (NODE_ENV=production), unless tokens come from an identity provider (CCM_JWT_JWKS_URL)',
    );
  }
  return { secret: DEVELOPMENT_JWT_SECRET, isDevelopmentSecret: true };
}
