import {
  REQUIRED_CONSENT_ELEMENTS,
  type Consent,
  type ConsentMethod,
  type ConsentProgram,
  type PatientMonthFacts,
  type Track,
} from '@ccm/billing';
import { lastDayOfMonth } from '@ccm/billing/wall-clock';

/** What `coherent` does to the consent (rules 6-8 of coherent.ts). */

/** CONS-10, PCM-3: a month reads the consent of its preferred track's family. */
export function consentProgramOf(track: Track): ConsentProgram {
  if (track === 'apcm' || track === 'apcm_bh_addon') return 'APCM';
  if (track === 'pcm_staff' || track === 'pcm_practitioner') return 'PCM';
  return 'CCM';
}

/** One consent decision as the record holds it: what the translator records, in this order. */
export interface RecordedConsent {
  readonly obtainedAt: string;
  readonly accepted: boolean;
  readonly method: ConsentMethod;
  readonly elementsExplained: string[];
  readonly billingPractitionerId: string;
  /** When it was withdrawn (the api's withdrawal), if it was. */
  readonly withdrawnAt: string | null;
}

const asDateTime = (value: string): string => (value.length === 10 ? `${value}T00:00` : value);

/**
 * The consent decisions a document implies, oldest first: each past episode of `history` (accepted, every
 * disclosure made, withdrawn at its revocation), then the consent itself unless its status is `none`.
 * A declined consent is never withdrawn; `none` with `accepted: false` and a date is a declined decision
 * (the record shows one so).
 */
export function recordedConsents(facts: PatientMonthFacts): RecordedConsent[] {
  const c = facts.consent;
  const bp = facts.billingPractitioner.id;
  // Status `none` is no decision on file, unless the document is a declined one (accepted false, with a date).
  const declined = c.status === 'none' && c.accepted === false;
  if ((c.status === 'none' && !declined) || !c.obtainedAt) return [];
  const current: RecordedConsent = {
    obtainedAt: c.obtainedAt,
    accepted: c.accepted === true,
    method: c.method ?? 'verbal',
    elementsExplained: REQUIRED_CONSENT_ELEMENTS.filter((e) => (c.elementsExplained ?? []).includes(e)),
    billingPractitionerId: c.billingPractitionerId ?? bp,
    withdrawnAt: c.accepted === true ? (c.revokedAt ?? null) : null,
  };
  const episodes = (c.history ?? [])
    .filter((h): h is { obtainedAt: string; revokedAt?: string | null } => !!h.obtainedAt)
    .map((h): RecordedConsent => ({
      obtainedAt: asDateTime(h.obtainedAt),
      accepted: true,
      method: 'verbal',
      elementsExplained: [...REQUIRED_CONSENT_ELEMENTS],
      billingPractitionerId: bp,
      withdrawnAt:
        h.revokedAt && asDateTime(h.revokedAt) >= asDateTime(h.obtainedAt) ? asDateTime(h.revokedAt) : null,
    }))
    .filter((h) => h.obtainedAt < current.obtainedAt)
    .sort((a, b) => a.obtainedAt.localeCompare(b.obtainedAt));
  return [...episodes, current];
}

/**
 * The month's consent as the record shows it: the decision of the track's program obtained last by the
 * month's end, `none` when there is none (rule 6); a declined decision reads as `none` with its details
 * (rule 7); earlier accepted decisions are its history, and revocations after the month are not yet known
 * (rule 8).
 */
export function coherentConsent(facts: PatientMonthFacts): Consent {
  const program = consentProgramOf(facts.trackPolicy.preferred);
  const none: Consent = { program, status: 'none', obtainedAt: null, revokedAt: null };
  if ((facts.consent.program ?? 'CCM') !== program) return none;
  const end = `${lastDayOfMonth(facts.serviceMonth)}T23:59`;
  const recorded = recordedConsents(facts);
  const held = recorded.filter((c) => c.obtainedAt <= end);
  const governing = held.reduce<RecordedConsent | undefined>(
    (last, c) => (!last || c.obtainedAt >= last.obtainedAt ? c : last),
    undefined,
  );
  if (!governing) return none;
  const revokedAt =
    governing.withdrawnAt !== null && governing.withdrawnAt <= end ? governing.withdrawnAt : null;
  const history = recorded
    .filter((c) => c !== governing && c.accepted && c.obtainedAt <= governing.obtainedAt)
    .map((c) => ({ obtainedAt: c.obtainedAt, revokedAt: c.withdrawnAt }));
  return {
    program,
    status: !governing.accepted ? 'none' : revokedAt ? 'revoked' : 'active',
    obtainedAt: governing.obtainedAt,
    method: governing.method,
    documentedInRecord: true,
    elementsExplained: governing.elementsExplained,
    accepted: governing.accepted,
    billingPractitionerId: governing.billingPractitionerId,
    revokedAt,
    ...(history.length > 0 ? { history } : {}),
  };
}
