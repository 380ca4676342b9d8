import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError } from './api-error';

/** class-validator's constraint for a property the DTO does not declare (`forbidNonWhitelisted`). */
const UNKNOWN_PROPERTY = 'whitelistValidation';

/** Where an unknown field sits: its parent, which is ours to name; the unknown name itself was the client's. */
export const UNKNOWN_FIELD_ERROR = 'holds a field this request does not take';

function flatten(errors: readonly ValidationError[], parent = ''): { field: string; errors: string[] }[] {
  return errors.flatMap((error) => {
    const constraints = error.constraints ?? {};
    if (UNKNOWN_PROPERTY in constraints) return [{ field: parent || 'body', errors: [UNKNOWN_FIELD_ERROR] }];
    const field = parent ? `${parent}.${error.property}` : error.property;
    const messages = Object.values(constraints).map((m) => m.replace(/^\S+ /, ''));
    const own = messages.length > 0 ? [{ field, errors: messages }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** One entry per field: several unknown names under one parent are one fault. */
function merged(fields: { field: string; errors: string[] }[]): { field: string; errors: string[] }[] {
  const byField = new Map<string, Set<string>>();
  for (const { field, errors } of fields) {
    const known = byField.get(field) ?? new Set<string>();
    for (const error of errors) known.add(error);
    byField.set(field, known);
  }
  return [...byField].map(([field, errors]) => ({ field, errors: [...errors] }));
}

/**
 * Unknown fields are refused, not silently dropped; each declared field at fault is named. Nothing the
 * client chose is echoed: not a value, and not the name of a field the request does not declare.
 */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) =>
    new ApiError(400, 'VALIDATION_FAILED', 'The request has fields at fault.', {
      fields: merged(flatten(errors)),
    }),
});
