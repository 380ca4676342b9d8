import { canonicalMbi } from '../demographics/mbi';
import { decideCandidate, type CandidateDecisionContext } from './candidate';
import type { CandidateEvent, CandidateProfile, IdentifiedCandidate } from './candidate.events';

/** One person of an imported panel (a FHIR Patient with what refers to it, or a CSV row). */
export interface PanelItem {
  /** Where the item is in the import (`entry[3]`, `row 7`): what a refusal points at. */
  readonly ref: string;
  /** The id a new candidate gets. */
  readonly proposedCandidateId: string;
  /** The import named the candidate (a CSV's id column), rather than the id being derived. */
  readonly explicitId: boolean;
  readonly profile: CandidateProfile;
}

export interface PanelItemDecision {
  readonly ref: string;
  readonly candidateId: string;
  readonly outcome: 'created' | 'updated' | 'unchanged';
  readonly events: readonly CandidateEvent[];
  /** The candidate's stream revision the decision was made on (-1: a new stream). */
  readonly decidedOnRevision: number;
}

export interface PanelRefusal {
  readonly ref: string;
  readonly code: string;
  readonly message: string;
  readonly fields?: readonly string[];
}

/** Refusals that are about identity (who is who), answered 409 rather than 422. */
export const PANEL_CONFLICT_CODES: ReadonlySet<string> = new Set([
  'CANDIDATE_MBI_DUPLICATE',
  'CANDIDATE_MBI_HELD',
  'CANDIDATE_DUPLICATE',
  'CANDIDATE_ID_TAKEN',
]);

export type PanelDecision =
  | { readonly outcome: 'accepted'; readonly items: readonly PanelItemDecision[] }
  | { readonly outcome: 'refused'; readonly refusals: readonly PanelRefusal[] };

/**
 * Decides a whole panel against the practice's candidates, all or nothing: each item is matched to an
 * existing candidate by MBI, then by the source's own id (the EHR's Patient id), then by the id the
 * import names; a new candidate takes its proposed id. An MBI is one person: two items with one MBI, or
 * an item whose MBI another candidate holds, are refused, as is any item the candidate rules refuse.
 */
export function decidePanelImport(
  items: readonly PanelItem[],
  existing: ReadonlyMap<string, IdentifiedCandidate>,
  practiceId: string,
  context: CandidateDecisionContext,
  /** The day the panel was drawn, when not today. */
  identifiedOn?: string,
): PanelDecision {
  const byMbi = new Map<string, string>();
  const bySource = new Map<string, string>();
  for (const candidate of existing.values()) {
    if (candidate.mbi) byMbi.set(candidate.mbi, candidate.candidateId);
    if (candidate.sourceId) bySource.set(`${candidate.source}|${candidate.sourceId}`, candidate.candidateId);
  }
  const refusals: PanelRefusal[] = [];
  const decided: PanelItemDecision[] = [];
  const itemsByCandidate = new Map<string, string>();
  const itemsByMbi = new Map<string, string>();
  for (const item of items) {
    const mbi = item.profile.mbi === undefined ? undefined : canonicalMbi(item.profile.mbi);
    const heldBy = mbi === undefined ? undefined : byMbi.get(mbi);
    const sourceMatch =
      item.profile.sourceId === undefined
        ? undefined
        : bySource.get(`${item.profile.source}|${item.profile.sourceId}`);
    // An import that names its candidates (a CSV) says who each row is: the MBI may only be that one's.
    const namedMatch = item.explicitId ? item.proposedCandidateId : undefined;
    const matches = [...new Set([heldBy, sourceMatch, namedMatch].filter((id) => id !== undefined))];
    if (matches.length > 1) {
      refusals.push({
        ref: item.ref,
        code: heldBy !== undefined ? 'CANDIDATE_MBI_HELD' : 'CANDIDATE_ID_TAKEN',
        message:
          heldBy !== undefined
            ? 'The MBI is held by another candidate of the practice.'
            : 'The source id and the candidate id name different candidates.',
        fields: [heldBy !== undefined ? 'mbi' : 'candidateId'],
      });
      continue;
    }
    const candidateId = matches[0] ?? item.proposedCandidateId;
    // A derived id (a Bundle entry's fullUrl) finds the candidate it made before, unless that one came
    // from elsewhere: the same id from another source, or with another source id, is someone else.
    const derived = matches.length === 0 ? existing.get(candidateId) : undefined;
    if (derived && (derived.source !== item.profile.source || derived.sourceId !== item.profile.sourceId)) {
      refusals.push({
        ref: item.ref,
        code: 'CANDIDATE_ID_TAKEN',
        message: 'The id is another candidate’s.',
        fields: ['candidateId'],
      });
      continue;
    }
    const sameCandidate = itemsByCandidate.get(candidateId);
    const sameMbi = mbi === undefined ? undefined : itemsByMbi.get(mbi);
    if (sameMbi !== undefined || sameCandidate !== undefined) {
      refusals.push({
        ref: item.ref,
        code: sameMbi !== undefined ? 'CANDIDATE_MBI_DUPLICATE' : 'CANDIDATE_DUPLICATE',
        message: `The import holds this person twice (also at ${sameMbi ?? sameCandidate}).`,
        fields: [sameMbi !== undefined ? 'mbi' : 'candidateId'],
      });
      continue;
    }
    itemsByCandidate.set(candidateId, item.ref);
    if (mbi !== undefined) itemsByMbi.set(mbi, item.ref);
    const state = existing.get(candidateId) ?? { status: 'unknown' as const, version: -1 };
    const decision = decideCandidate(
      {
        type: 'IdentifyCandidate',
        data: {
          candidateId,
          practiceId,
          profile: item.profile,
          ...(identifiedOn === undefined ? {} : { identifiedOn }),
        },
      },
      state,
      context,
    );
    if (decision.outcome === 'refused') {
      const fields = decision.refusal.details?.fields;
      refusals.push({
        ref: item.ref,
        code: decision.refusal.code,
        message: decision.refusal.message,
        ...(Array.isArray(fields) ? { fields: fields as readonly string[] } : {}),
      });
      continue;
    }
    decided.push({
      ref: item.ref,
      candidateId,
      outcome:
        decision.outcome === 'already_applied'
          ? 'unchanged'
          : state.status === 'unknown'
            ? 'created'
            : 'updated',
      events: decision.outcome === 'accepted' ? decision.events : [],
      decidedOnRevision: state.version,
    });
  }
  return refusals.length > 0 ? { outcome: 'refused', refusals } : { outcome: 'accepted', items: decided };
}
