import {
  formatOffset,
  isLocalDate,
  isLocalDateTime,
  isLocalTime,
  normaliseToLocal,
  toMinuteIndex,
  type UtcOffset,
} from '@ccm/domain';
import { ValidateBy, type ValidationOptions } from 'class-validator';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A string field (at most 40 characters) checked by a rule of the domain. The message says what the field
 * must be and never quotes what was sent: an MBI, a phone or an NPI is not repeated in an answer or a log.
 */
export const Follows = (name: string, isValid: (v: string) => boolean, shape: string): PropertyDecorator =>
  ValidateBy({
    name,
    validator: {
      validate: (v) => typeof v === 'string' && v.length <= 40 && isValid(v),
      defaultMessage: () => `$property must be ${shape}`,
    },
  });

export const IsLocalDate = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isLocalDate',
      validator: {
        validate: (v) => typeof v === 'string' && isLocalDate(v),
        defaultMessage: () => '$property must be a date YYYY-MM-DD',
      },
    },
    options,
  );

export const IsLocalTime = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isLocalTime',
      validator: {
        validate: (v) => typeof v === 'string' && isLocalTime(v),
        defaultMessage: () => '$property must be a time HH:MM',
      },
    },
    options,
  );

/** Practice-local `YYYY-MM-DDTHH:MM`, or an ISO 8601 instant with `Z` or an offset. */
export const IsDateTimeInput = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isDateTimeInput',
      validator: {
        validate: (v) =>
          typeof v === 'string' &&
          (isLocalDateTime(v) ||
            (INSTANT.test(v) && isLocalDate(v.slice(0, 10)) && !Number.isNaN(Date.parse(v)))),
        defaultMessage: () =>
          '$property must be a practice-local date-time YYYY-MM-DDTHH:MM or an ISO 8601 instant with offset',
      },
    },
    options,
  );

/** Reads a validated date-time input on the practice's wall clock. */
export const toLocal = (value: string, timeZone: string): string =>
  normaliseToLocal(value, timeZone) ?? value;

/**
 * A validated date-time input on the practice's wall clock, with the practice's UTC offset at that
 * instant when the input was an instant: the domain keeps it when the local time alone is ambiguous (the
 * repeated hour of a fall-back change). A local input has no offset: the domain takes the first occurrence.
 */
export function toLocalWithOffset(value: string, timeZone: string): { local: string; offset?: UtcOffset } {
  const local = toLocal(value, timeZone);
  if (isLocalDateTime(value) || !isLocalDateTime(local)) return { local };
  const instantMinutes = Math.floor(Date.parse(value) / 60_000);
  return {
    local,
    offset: formatOffset(toMinuteIndex(local.slice(0, 10), local.slice(11, 16)) - instantMinutes),
  };
}
