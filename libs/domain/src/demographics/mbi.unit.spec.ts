import fc from 'fast-check';
import { canonicalMbi, isCanonicalMbi, isMbi, MBI_LETTERS } from './mbi';

const letter = fc.constantFrom(...MBI_LETTERS.split(''));
const digit = fc.constantFrom(...'0123456789'.split(''));
const nonZero = fc.constantFrom(...'123456789'.split(''));
const letterOrDigit = fc.oneof(letter, digit);
/** Any MBI the CMS format allows, position by position (C A AN N A AN N A A N N). */
const mbi = fc
  .tuple(nonZero, letter, letterOrDigit, digit, letter, letterOrDigit, digit, letter, letter, digit, digit)
  .map((chars) => chars.join(''));
const KIND = ['C', 'A', 'AN', 'N', 'A', 'AN', 'N', 'A', 'A', 'N', 'N'] as const;

describe('Medicare Beneficiary Identifier', () => {
  it('takes the example on the card, typed as printed, in lower case or without dashes', () => {
    expect(canonicalMbi('1EG4-TE5-MK73')).toBe('1EG4TE5MK73');
    expect(canonicalMbi('1eg4-te5-mk73')).toBe('1EG4TE5MK73');
    expect(canonicalMbi('1EG4TE5MK73')).toBe('1EG4TE5MK73');
    expect(canonicalMbi(' 1eg4te5mk73 ')).toBe('1EG4TE5MK73');
  });

  it.each([
    ['too short', '1EG4TE5MK7'],
    ['too long', '1EG4TE5MK733'],
    ['position 1 a zero', '0EG4TE5MK73'],
    ['position 1 a letter', 'AEG4TE5MK73'],
    ['position 2 a digit', '12G4TE5MK73'],
    ['position 4 a letter', '1EGATE5MK73'],
    ['position 5 a digit', '1EG45E5MK73'],
    ['position 7 a letter', '1EG4TEAMK73'],
    ['position 8 a digit', '1EG4TE59K73'],
    ['position 9 a digit', '1EG4TE5M973'],
    ['position 10 a letter', '1EG4TE5MKA3'],
    ['position 11 a letter', '1EG4TE5MK7A'],
    ['an excluded letter (S)', '1SG4TE5MK73'],
    ['an excluded letter (L) where letter or digit', '1EL4TE5MK73'],
    ['an excluded letter (O)', '1EG4TO5MK73'],
    ['an excluded letter (I)', '1EG4TE5IK73'],
    ['an excluded letter (B)', '1EG4TE5MB73'],
    ['an excluded letter (Z)', '1EG4TZ5MK73'],
    ['dashes elsewhere than on the card', '1EG-4TE5-MK73'],
    ['two dashes together', '1EG4--TE5MK73'],
    ['spaces inside', '1EG4 TE5 MK73'],
    ['empty', ''],
  ])('refuses %s', (_why, value) => {
    expect(canonicalMbi(value)).toBeUndefined();
    expect(isMbi(value)).toBe(false);
  });

  it('accepts every identifier the format allows, in its stored form and as typed', () => {
    fc.assert(
      fc.property(mbi, fc.boolean(), fc.boolean(), (value, lower, dashes) => {
        const typed0 = lower ? value.toLowerCase() : value;
        const typed = dashes ? `${typed0.slice(0, 4)}-${typed0.slice(4, 7)}-${typed0.slice(7)}` : typed0;
        expect(isCanonicalMbi(value)).toBe(true);
        expect(canonicalMbi(typed)).toBe(value);
      }),
    );
  });

  it('stores an idempotent canonical form: upper case, no dashes, 11 characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 16 }), (typed) => {
        const stored = canonicalMbi(typed);
        if (stored === undefined) return;
        expect(stored).toMatch(/^[0-9A-Z]{11}$/);
        expect(canonicalMbi(stored)).toBe(stored);
      }),
    );
  });

  it('refuses an identifier with any one position changed to a character of the wrong kind', () => {
    const wrong = (kind: (typeof KIND)[number]) =>
      kind === 'C'
        ? fc.constantFrom('0', ...MBI_LETTERS.split(''), 'S', 'L', 'O', 'I', 'B', 'Z')
        : kind === 'N'
          ? fc.constantFrom(...MBI_LETTERS.split(''), 'S', 'L', 'O', 'I', 'B', 'Z')
          : kind === 'A'
            ? fc.constantFrom(...'0123456789SLOIBZ'.split(''))
            : fc.constantFrom(...'SLOIBZ-_ .'.split(''));
    fc.assert(
      fc.property(
        mbi,
        fc.integer({ min: 0, max: 10 }).chain((at) => fc.tuple(fc.constant(at), wrong(KIND[at]))),
        (value, [at, char]) => {
          const broken = `${value.slice(0, at)}${char}${value.slice(at + 1)}`;
          expect(canonicalMbi(broken)).toBeUndefined();
          expect(canonicalMbi(broken.toLowerCase())).toBeUndefined();
        },
      ),
    );
  });
});
