import { isLocalDate, type LocalDate } from '../shared/local-time';
import {
  ADMINISTRATIVE_SEXES,
  type AdministrativeSex,
  type Demographics,
  type PersonName,
  type PostalAddress,
} from './demographics.events';
import { canonicalMbi } from './mbi';

/** The oldest a date of birth may be: 130 years before today. */
export const OLDEST_AGE_YEARS = 130;

/** USPS codes: the states, DC, the territories and the military posts. */
export const US_STATE_CODES: ReadonlySet<string> = new Set(
  (
    'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND ' +
    'OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR VI AA AE AP'
  ).split(' '),
);

const text = (v: unknown, max = 100): v is string =>
  typeof v === 'string' && v.trim().length >= 1 && v.length <= max;

export function nameOf(input: PersonName): PersonName | undefined {
  const given = input.given;
  if (!Array.isArray(given) || given.length < 1 || given.length > 5 || !given.every((g) => text(g)))
    return undefined;
  if (!text(input.family)) return undefined;
  return { given: given.map((g: string) => g.trim()), family: input.family.trim() };
}

/** ZIP or ZIP+4 as typed (`12345`, `12345-6789`, `123456789`), as digits; undefined otherwise. */
export function postalCodeOf(typed: string): string | undefined {
  const match = /^(\d{5})(?:-?(\d{4}))?$/.exec(typed.trim());
  return match ? `${match[1]}${match[2] ?? ''}` : undefined;
}

export function addressOf(input: PostalAddress): PostalAddress | undefined {
  const lines = input.lines;
  if (!Array.isArray(lines) || lines.length < 1 || lines.length > 3 || !lines.every((l) => text(l, 200)))
    return undefined;
  if (!text(input.city)) return undefined;
  const state = typeof input.state === 'string' ? input.state.trim().toUpperCase() : '';
  if (!US_STATE_CODES.has(state)) return undefined;
  const postalCode = typeof input.postalCode === 'string' ? postalCodeOf(input.postalCode) : undefined;
  if (!postalCode) return undefined;
  return { lines: lines.map((l: string) => l.trim()), city: input.city.trim(), state, postalCode };
}

/** A US number as typed (`(555) 201-3344`, `555.201.3344`, `+1 555 201 3344`): its 10 digits. */
export function phoneOf(typed: string): string | undefined {
  if (!/^[0-9+().\s-]{10,25}$/.test(typed)) return undefined;
  const digits = typed.replace(/\D/g, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(national) ? national : undefined;
}

/** A real date, not after today and not more than OLDEST_AGE_YEARS before it. */
export function isPlausibleDateOfBirth(value: string, today: LocalDate): boolean {
  if (!isLocalDate(value) || value > today) return false;
  const oldest = `${String(Number(today.slice(0, 4)) - OLDEST_AGE_YEARS).padStart(4, '0')}${today.slice(4)}`;
  return value >= oldest;
}

export const isAdministrativeSex = (v: unknown): v is AdministrativeSex =>
  typeof v === 'string' && (ADMINISTRATIVE_SEXES as readonly string[]).includes(v);

/**
 * The fields given, in their stored form, or the names of those that are not as the rules say. Field
 * names only: a refusal never carries the value.
 */
export function canonicalDemographics(
  input: Partial<Demographics>,
  today: LocalDate,
): { readonly value: Partial<Demographics> } | { readonly invalid: string[] } {
  const invalid: string[] = [];
  const value: { -readonly [K in keyof Demographics]?: Demographics[K] } = {};
  const take = <K extends keyof Demographics>(field: K, parsed: Demographics[K] | undefined) => {
    if (input[field] === undefined) return;
    if (parsed === undefined) invalid.push(field);
    else value[field] = parsed;
  };
  take('name', input.name && nameOf(input.name));
  take(
    'dateOfBirth',
    input.dateOfBirth && isPlausibleDateOfBirth(input.dateOfBirth, today) ? input.dateOfBirth : undefined,
  );
  take('sex', isAdministrativeSex(input.sex) ? input.sex : undefined);
  take('mbi', typeof input.mbi === 'string' ? canonicalMbi(input.mbi) : undefined);
  take('address', input.address && addressOf(input.address));
  take('phone', typeof input.phone === 'string' ? phoneOf(input.phone) : undefined);
  return invalid.length > 0 ? { invalid } : { value };
}

/**
 * The date of birth every reader uses: the latest recorded or corrected in the demographics, else the
 * one given at enrolment. Takes stored events as they are read (data not yet typed).
 */
export function currentDateOfBirth(
  events: Iterable<{ readonly type: string; readonly data: unknown }>,
): LocalDate | undefined {
  let dateOfBirth: LocalDate | undefined;
  for (const { type, data } of events) {
    const given = (data as { dateOfBirth?: unknown } | null)?.dateOfBirth;
    if (typeof given !== 'string') continue;
    if (type === 'PatientEnrolled' && dateOfBirth === undefined) dateOfBirth = given;
    if (type === 'DemographicsRecorded' || type === 'DemographicsCorrected') dateOfBirth = given;
  }
  return dateOfBirth;
}
