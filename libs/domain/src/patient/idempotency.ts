import { canonicalJson } from '../shared/canonical-json';
import { refuse, type Decision } from '../shared/decision';
import type { EnrolledPatient } from './patient-state';

/** Attribution fields are left out: the same fact re-sent by another user is still the same fact. */
const ATTRIBUTION = new Set(['recordedBy', 'correctedBy', 'voidedBy', 'sharedBy', 'attestedBy']);

export function fingerprintOf(data: object): string {
  return canonicalJson(Object.fromEntries(Object.entries(data).filter(([key]) => !ATTRIBUTION.has(key))));
}

/**
 * Client-chosen ids (time entry, contact, consent, visit) are idempotency keys: the same id with the same
 * content is answered as already applied, with a different content it is a conflict. Undefined: new id.
 */
export function checkIdempotencyKey<E>(
  state: EnrolledPatient,
  key: string,
  data: object,
  conflictCode: string,
): Decision<E> | undefined {
  const earlier = state.idempotencyKeys.get(key);
  if (!earlier) return undefined;
  return fingerprintOf(earlier.content) === fingerprintOf(data)
    ? { outcome: 'already_applied', atRevision: earlier.atRevision }
    : refuse(conflictCode, 'This id was already used for different content.', { key });
}

export function rememberIdempotencyKey(
  state: EnrolledPatient,
  key: string,
  data: object,
): EnrolledPatient['idempotencyKeys'] {
  return state.idempotencyKeys.set(key, { content: data, atRevision: state.version });
}
