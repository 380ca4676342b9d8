/**
 * Why a FHIR import is refused, as the OperationOutcome answering it says it: a status, a stable reason
 * code, a message written here (never a submitted value) and the FHIRPath of the element at fault.
 */
export interface ImportProblem {
  readonly status: 400 | 409 | 413 | 422;
  readonly reason: string;
  readonly message: string;
  readonly expression: readonly string[];
}

/** The status a refused import answers: a malformed Bundle first, then identity conflicts, then rules. */
export function statusOfProblems(problems: readonly ImportProblem[]): ImportProblem['status'] {
  for (const status of [413, 400, 409, 422] as const)
    if (problems.some((p) => p.status === status)) return status;
  return 422;
}

const ISSUE_CODE: Record<ImportProblem['status'], string> = {
  400: 'invalid',
  409: 'conflict',
  413: 'too-costly',
  422: 'business-rule',
};

/** Our reason codes, carried in each issue's `details` so a client can act on them. */
export const REASON_SYSTEM = 'urn:ccm:reason';

export function operationOutcomeOf(problems: readonly ImportProblem[]) {
  return {
    resourceType: 'OperationOutcome' as const,
    issue: problems.map((problem) => ({
      severity: 'error' as const,
      code: problem.reason === 'RESOURCE_TYPE_UNSUPPORTED' ? 'not-supported' : ISSUE_CODE[problem.status],
      details: { coding: [{ system: REASON_SYSTEM, code: problem.reason }], text: problem.message },
      diagnostics: problem.message,
      expression: [...problem.expression],
    })),
  };
}
