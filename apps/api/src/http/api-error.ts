import { HttpException } from '@nestjs/common';

export interface ProblemBody {
  readonly statusCode: number;
  readonly reason: string;
  readonly message: string;
  readonly fields?: readonly { field: string; errors: readonly string[] }[];
  readonly details?: Readonly<Record<string, unknown>>;
}

/** An error with a status and a machine-readable reason; never carries submitted values. */
export class ApiError extends HttpException {
  constructor(
    statusCode: number,
    reason: string,
    message: string,
    extra: Partial<Pick<ProblemBody, 'fields' | 'details'>> = {},
  ) {
    super({ statusCode, reason, message, ...extra } satisfies ProblemBody, statusCode);
  }
}
