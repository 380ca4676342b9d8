import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError } from './api-error';

function flatten(errors: readonly ValidationError[], parent = ''): { field: string; errors: string[] }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints
      ? [{ field, errors: Object.values(error.constraints).map((m) => m.replace(/^\S+ /, '')) }]
      : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Unknown fields are refused, not silently dropped; each field at fault is named, its value never echoed. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) =>
    new ApiError(400, 'VALIDATION_FAILED', 'The request has fields at fault.', { fields: flatten(errors) }),
});
