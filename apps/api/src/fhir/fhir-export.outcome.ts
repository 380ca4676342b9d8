import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { ProblemBody } from '../http/api-error';
import { ProblemFilter } from '../http/problem.filter';

export const FHIR_JSON = 'application/fhir+json';

/** The FHIR issue type closest to each status this api answers with. */
const ISSUE_TYPE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  409: 'conflict',
  413: 'too-costly',
  415: 'not-supported',
  422: 'business-rule',
  429: 'throttled',
  500: 'exception',
  503: 'transient',
};

export interface OperationOutcome {
  readonly resourceType: 'OperationOutcome';
  readonly issue: readonly {
    readonly severity: 'error';
    readonly code: string;
    readonly details: { readonly coding: readonly { system: string; code: string }[]; readonly text: string };
    readonly expression?: readonly string[];
  }[];
}

/**
 * The api's problem as a FHIR OperationOutcome: the reason code as the details' coding, the message as
 * its text, and one issue per field at fault, naming the field in `expression` (never its value).
 */
export function operationOutcomeOf(problem: ProblemBody): OperationOutcome {
  const code = ISSUE_TYPE_BY_STATUS[problem.statusCode] ?? 'processing';
  const details = (text: string) => ({
    coding: [{ system: 'urn:ccm:fhir:reason', code: problem.reason }],
    text,
  });
  const fields = problem.fields ?? [];
  return {
    resourceType: 'OperationOutcome',
    issue:
      fields.length === 0
        ? [{ severity: 'error', code, details: details(problem.message) }]
        : fields.map((field) => ({
            severity: 'error',
            code,
            details: details(`${problem.message} ${field.field}: ${field.errors.join('; ')}`),
            expression: [field.field],
          })),
  };
}

/**
 * Errors on /fhir routes, guards' and interceptors' included, answered as OperationOutcome with the status
 * the rest of the api would give. The api's own filter decides status and reason (and logs what it logs),
 * so the two can never disagree; only the body is rewritten.
 */
@Catch()
export class FhirOutcomeFilter implements ExceptionFilter {
  private readonly problems = new ProblemFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    let problem: ProblemBody | undefined;
    const capture = {
      locals: response.locals,
      setHeader: (name: string, value: string) => response.setHeader(name, value),
      status: () => capture,
      json: (body: ProblemBody) => {
        problem = body;
        return capture;
      },
    };
    // The api's filter reads nothing of the host but the response, which is captured here.
    const capturingHost = { switchToHttp: () => ({ getResponse: () => capture }) };
    this.problems.catch(exception, capturingHost as unknown as ArgumentsHost);
    const answered = problem ?? {
      statusCode: 500,
      reason: 'INTERNAL_ERROR',
      message: 'Something went wrong.',
    };
    response
      .status(answered.statusCode)
      .type(FHIR_JSON)
      .send(JSON.stringify(operationOutcomeOf(answered)));
  }
}
