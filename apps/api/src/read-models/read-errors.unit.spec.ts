import { HttpException } from '@nestjs/common';
import { AuditEventMissingError, InvalidPageRequestError } from '@ccm/projections';
import { toProblem } from './read-errors';

describe('read errors as problems', () => {
  const problem = (error: unknown) => {
    const mapped = toProblem(error);
    if (!(mapped instanceof HttpException)) throw new Error('expected a problem');
    return { status: mapped.getStatus(), body: mapped.getResponse() };
  };

  it('an audit trail built from another record is a 500 that says to rebuild, not a retry', () => {
    expect(problem(new AuditEventMissingError(7))).toEqual({
      status: 500,
      body: expect.objectContaining({ statusCode: 500, reason: 'READ_MODEL_INCONSISTENT' }),
    });
  });

  it('a bad page request is a 400 naming the fields', () => {
    expect(problem(new InvalidPageRequestError('limit must be an integer from 1 to 100'))).toMatchObject({
      status: 400,
      body: { fields: [{ field: 'limit/cursor' }] },
    });
  });

  it('anything else passes through unchanged', () => {
    const error = new Error('boom');
    expect(toProblem(error)).toBe(error);
  });
});
