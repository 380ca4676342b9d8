/**
 * The Medicare Beneficiary Identifier (MBI), as CMS publishes its format: 11 characters, randomly
 * generated, no meaning in any of them.
 *
 *   position  1  2  3   4  5  6   7  8  9  10 11
 *   kind      C  A  AN  N  A  AN  N  A  A  N  N
 *
 * C is a digit 1-9, N a digit 0-9, A a letter other than S, L, O, I, B and Z (they read like digits or
 * each other), AN either. The card prints it with dashes (1EG4-TE5-MK73); the dashes are not part of it.
 */
const LETTER = '[AC-HJKMNP-RT-Y]';
const DIGIT = '[0-9]';
const LETTER_OR_DIGIT = '[AC-HJKMNP-RT-Y0-9]';

const CANONICAL = new RegExp(
  `^[1-9]${LETTER}${LETTER_OR_DIGIT}${DIGIT}${LETTER}${LETTER_OR_DIGIT}${DIGIT}${LETTER}${LETTER}${DIGIT}${DIGIT}$`,
);

/** The letters an MBI may hold. */
export const MBI_LETTERS = 'ACDEFGHJKMNPQRTUVWXY';

/** True for an MBI in its stored form: upper case, no dashes. */
export const isCanonicalMbi = (value: string): boolean => CANONICAL.test(value);

/**
 * The stored form of an MBI as a person typed it (lower case, dashes as on the card: `1eg4-te5-mk73`),
 * or undefined when it is not an MBI. Only dashes between the card's groups (after the 4th and 7th
 * characters) are taken; the value is never echoed by the caller.
 */
export function canonicalMbi(typed: string): string | undefined {
  const trimmed = typed.trim().toUpperCase();
  const dashed = /^(\w{4})-(\w{3})-(\w{4})$/.exec(trimmed);
  const candidate = dashed ? `${dashed[1]}${dashed[2]}${dashed[3]}` : trimmed;
  return isCanonicalMbi(candidate) ? candidate : undefined;
}

export const isMbi = (typed: string): boolean => canonicalMbi(typed) !== undefined;
