import type { BillingDecision, PatientMonthFacts } from '@ccm/billing';
import type { RecordedMonth } from './record-facts';
import { codesText } from './served-month';

/** Audit stamps the record adds (who and when it was recorded): never compared. */
const STAMPED =
  /\.(correctedAt|correctedBy|correctionReason|voidedAt|voidedBy|voidReason|reallocationEventAt|reallocatedBy)$/;

function flatten(value: unknown, path: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value))
      flatten(v, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, out);
  } else if (value !== undefined && !STAMPED.test(path)) {
    out.set(path, JSON.stringify(value));
  }
}

/** Lists whose order means nothing (the record keeps them in recording order): compared as sets. */
function canonical(facts: PatientMonthFacts): PatientMonthFacts {
  const sorted = <T>(items: readonly T[]) =>
    [...items].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
  return {
    ...facts,
    otherServicesThisMonth: sorted(facts.otherServicesThisMonth),
    otherPractitionerClaimsThisMonth: sorted(facts.otherPractitionerClaimsThisMonth),
  };
}

/** Paths where the facts the api decided on differ from coherent(facts): `path: expected -> served`. */
export function factsDifferences(expected: PatientMonthFacts, served: PatientMonthFacts): string[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(canonical(expected), '', a);
  flatten(canonical(served), '', b);
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((p) => a.get(p) !== b.get(p))
    .sort()
    .map((p) => `${p.slice(1)}: ${a.get(p) ?? '-'} -> ${b.get(p) ?? '-'}`);
}

export const ruleIds = (decision: BillingDecision | null): string[] =>
  [...new Set((decision?.notBillable ?? []).map((r) => r.rule))].sort();

/**
 * What differs between the month the api serves and decide(coherent(facts)): codes and units, the set of
 * reason rule ids, whether the document, the billing line and the export agree, and (stricter, so a drift
 * shows before it changes a decision) whether the facts the month was decided on are coherent(facts).
 * Empty when they match.
 */
export function servedMismatches(month: RecordedMonth): string[] {
  const { served, expected } = month;
  const out: string[] = [];
  const drift = factsDifferences(month.facts, served.facts);
  if (drift.length > 0) out.push(`the month's facts differ from coherent(facts) at ${drift.length} path(s)`);
  if (served.document.codes !== codesText(expected.codes)) {
    out.push(
      `codes: expected ${codesText(expected.codes) || '(none)'}, served ${served.document.codes || '(none)'}`,
    );
  }
  const want = ruleIds(expected);
  const got = ruleIds(served.decision);
  if (want.join() !== got.join())
    out.push(`reason rules: expected [${want.join(', ')}], served [${got.join(', ')}]`);
  for (const [name, other] of [
    ['billing line', served.line],
    ['export', served.exported],
  ] as const) {
    if (JSON.stringify(other) !== JSON.stringify(served.document)) {
      out.push(
        `${name} ${JSON.stringify(other)} differs from the month document ${JSON.stringify(served.document)}`,
      );
    }
  }
  return out;
}

/** A failure message a reader can act on: what differs, the reasons both ways, and the facts that differ. */
export function explain(month: RecordedMonth): string {
  const expectedReasons = month.expected.notBillable.map(
    (r) => `${r.reason}${r.ref ? `:${r.ref}` : ''} (${r.rule})`,
  );
  const servedReasons = (month.served.decision?.notBillable ?? []).map(
    (r) => `${r.reason}${r.ref ? `:${r.ref}` : ''} (${r.rule})`,
  );
  return [
    ...servedMismatches(month),
    `expected reasons: ${expectedReasons.join(', ') || '(none)'}`,
    `served reasons:   ${servedReasons.join(', ') || '(none)'}`,
    'facts (coherent -> served):',
    ...factsDifferences(month.facts, month.served.facts).map((d) => `  ${d}`),
  ].join('\n');
}
