import type { ReasonCode, PoolName } from './decision';
import type { PatientMonthFacts } from './facts';
import type { Findings } from './findings';
import type { EntryLedger, Family, TimeLedger } from './time-entries';

function refFor(ledger: EntryLedger, minutes: number): string {
  const n = ledger.entry.minutes;
  return minutes === n ? ledger.entry.id : `${ledger.entry.id}(${minutes} of ${n} minutes)`;
}

function phrase(reason: ReasonCode, rule: string, facts: PatientMonthFacts): string {
  switch (reason) {
    case 'SUPERSEDED_OR_VOIDED_ENTRY_EXCLUDED':
      return 'superseded or voided: only the latest active version counts';
    case 'UNALLOCATED_MULTI_PROGRAM_TIME_EXCLUDED':
      return 'tagged to several programs: counted for none until reallocated';
    case 'TIME_OUTSIDE_SERVICE_MONTH_EXCLUDED':
      return `outside ${facts.serviceMonth}`;
    case 'TIME_COUNTED_FOR_OTHER_SERVICE_EXCLUDED':
      return rule === 'TIME-13'
        ? 'prior authorization: not counted by policy'
        : 'belongs to another service: not counted here';
    case 'NON_CLINICAL_STAFF_TIME_EXCLUDED':
      return 'by non-clinical staff: never counts';
    case 'TIME_BEFORE_CONSENT_EXCLUDED':
      return facts.consent.obtainedAt
        ? `start before consent ${facts.consent.obtainedAt}`
        : 'without a consent';
    case 'CONSENT_REVOKED_TIME_AFTER_REVOCATION_EXCLUDED':
      return `after revocation ${facts.consent.revokedAt ?? ''}`.trim();
    case 'INPATIENT_TIME_EXCLUDED':
      return 'during an inpatient stay';
    case 'FACE_TO_FACE_EM_TIME_EXCLUDED':
      return 'face to face during a billed visit';
    case 'UNSUCCESSFUL_OUTREACH_TIME_EXCLUDED':
      return 'attempt that reached no one';
    case 'OVERLAPPING_TIME_COUNTED_ONCE':
      return 'overlap minutes already counted once';
    case 'REQUIREMENT_NOT_MET':
      return 'by a practitioner other than the billing practitioner: never counts';
    default:
      return reason;
  }
}

/**
 * Lists excluded entries (§4: every excluded entry except those of a program blocked at a gate) in time
 * order, and returns one trace line per rule naming the entries it excluded.
 */
export function itemiseExclusions(
  facts: PatientMonthFacts,
  ledger: TimeLedger,
  liveFamilies: ReadonlySet<Family>,
  poolOfFamily: Readonly<Partial<Record<Family, PoolName>>>,
  out: Findings,
): string[] {
  const lines = new Map<string, string[]>();
  const add = (reason: ReasonCode, rule: string, entry: EntryLedger, minutes: number) => {
    const ref = refFor(entry, minutes);
    out.refuse('entry', reason, rule, ref);
    const key = `${rule}\u0000${reason}`;
    const shown =
      minutes === entry.entry.minutes
        ? entry.entry.id
        : `${entry.entry.id} (${minutes} of ${entry.entry.minutes} minutes)`;
    lines.set(key, [...(lines.get(key) ?? []), shown]);
  };
  for (const entry of ledger.entries) {
    const otherService = entry.exclusions[0]?.rule === 'TIME-18';
    if (entry.family !== null && !otherService && !liveFamilies.has(entry.family)) continue;
    for (const ex of entry.exclusions) add(ex.reason, ex.rule, entry, ex.minutes);
    const pool = entry.family ? poolOfFamily[entry.family] : undefined;
    const reportPool = pool && entry.pools.includes(pool) ? pool : entry.pools[0];
    const lost = reportPool ? entry.overlapLoss[reportPool] : undefined;
    if (lost) add('OVERLAPPING_TIME_COUNTED_ONCE', 'TIME-10', entry, lost);
  }
  return [...lines.entries()].map(([key, ids]) => {
    const [rule, reason] = key.split('\u0000') as [string, ReasonCode];
    return `${rule}: ${ids.join(', ')} ${phrase(reason, rule, facts)}`;
  });
}
