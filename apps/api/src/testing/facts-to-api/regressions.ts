import type { PatientMonthFacts } from '@ccm/billing';
import { buildFacts, entry } from '@ccm/billing/testing/facts-builder';

/**
 * Counter-examples the facts-through-api property found (shrunk), kept as explicit cases. Each must be
 * decided through the api as decide(coherent(facts)) decides it, recorded in `timeZone` and `order` when
 * given; `codes` pins the codes.
 */
export interface Regression {
  readonly name: string;
  readonly facts: PatientMonthFacts;
  readonly timeZone?: string;
  readonly order?: number;
  readonly codes: string;
}

export const REGRESSIONS: readonly Regression[] = [
  {
    // Found with the practice in America/Chicago: the api answered 422 LOCAL_TIME_SKIPPED (02:30 on
    // 8 March 2026 never happened there). The tool records such a document in UTC.
    name: 'an entry in the spring-forward gap of the practice zone is recorded in a zone whose clock showed it',
    facts: buildFacts({ timeEntries: [entry(25, { id: 'gap', date: '2026-03-08', start: '02:30' })] }),
    timeZone: 'America/Chicago',
    codes: '99490x1',
  },
  {
    // Found with commands interleaved: the month lists other practitioners' claims in recording order,
    // the document in its own; the lists compare as sets (the decision never depended on their order).
    name: 'EXCL-7: other practitioners’ claims recorded in another order are the same claims',
    facts: buildFacts({
      timeEntries: [entry(25, { id: 'e1' })],
      otherPractitionerClaimsThisMonth: [
        { practitionerId: 'dr-baker', code: '99424', serviceMonth: '2026-03', status: 'paid' },
        { practitionerId: 'dr-baker', code: '99457', serviceMonth: '2026-03', status: 'denied' },
      ],
    }),
    order: 4,
    codes: '99490x1',
  },
];
