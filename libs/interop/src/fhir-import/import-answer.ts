import { PANEL_CONFLICT_CODES, type PanelItemDecision, type PanelRefusal } from '@ccm/domain';
import type { BundlePanel, ItemSources } from './panel-from-bundle';
import type { ImportProblem } from './import-problem';

const PATIENT_ELEMENT: Record<string, string> = {
  name: 'name',
  dateOfBirth: 'birthDate',
  sex: 'gender',
  mbi: 'identifier',
  sourceId: 'id',
  candidateId: 'id',
};
const PART_ELEMENT: Record<string, string> = {
  icd10: 'code',
  onsetDate: 'onsetDateTime',
  recordedDate: 'recordedDate',
  kind: 'type',
  start: 'period.start',
  end: 'period.end',
  date: 'period.start',
  practitionerNpi: 'participant',
};

/** The FHIRPath of the element a domain field came from (`conditions[1].icd10` -> that Condition's code). */
function expressionOf(field: string, sources: ItemSources): string {
  const part = /^(conditions|coverages|encounters)\[(\d+)\]\.(\w+)$/.exec(field);
  if (part) {
    const index = sources[part[1] as 'conditions' | 'coverages' | 'encounters'][Number(part[2])];
    return `Bundle.entry[${index}].resource.${PART_ELEMENT[part[3]] ?? part[3]}`;
  }
  return `Bundle.entry[${sources.patient}].resource.${PATIENT_ELEMENT[field] ?? field}`;
}

/** The panel rules' refusals, pointed at the entries and elements they are about. */
export function problemsOfRefusals(refusals: readonly PanelRefusal[], panel: BundlePanel): ImportProblem[] {
  return refusals.map((refusal) => {
    const sources = panel.sources.get(refusal.ref);
    const fields = refusal.fields ?? [];
    return {
      status: PANEL_CONFLICT_CODES.has(refusal.code) ? 409 : 422,
      reason: refusal.code,
      message: refusal.message.replace(/entry\[(\d+)\]/g, 'Bundle.entry[$1]'),
      expression: sources
        ? fields.length > 0
          ? fields.map((field) => expressionOf(field, sources))
          : [`Bundle.entry[${sources.patient}].resource`]
        : [],
    };
  });
}

/**
 * The transaction-response: one entry per entry sent, in order. A Patient's entry says whether its
 * candidate was created (201), changed or already as sent (200); the entries that belong to it carry the
 * same status and location, since they are recorded as part of the candidate.
 */
export function transactionResponseOf(
  panel: BundlePanel,
  decisions: readonly (PanelItemDecision & { readonly revision: number })[],
) {
  const byRef = new Map(decisions.map((decision) => [decision.ref, decision]));
  return {
    resourceType: 'Bundle' as const,
    type: 'transaction-response' as const,
    entry: panel.owners.map((owner) => {
      const decision = owner === undefined ? undefined : byRef.get(owner);
      // An export's entries that are not part of a panel: read, not imported.
      if (!decision)
        return {
          response: {
            status: '200 OK',
            outcome: {
              resourceType: 'OperationOutcome' as const,
              issue: [
                { severity: 'information' as const, code: 'informational', diagnostics: 'not imported' },
              ],
            },
          },
        };
      return {
        response: {
          status: decision.outcome === 'created' ? '201 Created' : '200 OK',
          location: `candidates/${decision.candidateId}`,
          etag: `W/"${decision.revision}"`,
          outcome: {
            resourceType: 'OperationOutcome' as const,
            issue: [
              { severity: 'information' as const, code: 'informational', diagnostics: decision.outcome },
            ],
          },
        },
      };
    }),
  };
}
