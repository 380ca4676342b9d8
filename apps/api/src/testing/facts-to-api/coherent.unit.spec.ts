import { validateFacts } from '@ccm/billing';
import { buildFacts, entry } from '@ccm/billing/testing/facts-builder';
import { ALL_FEATURES, factsDocuments } from '@ccm/billing/testing/facts-documents';
import fc from 'fast-check';
import { coherent } from './coherent';
import { translate } from './translate';

describe('coherent(facts): what a real record implies of a facts document', () => {
  it('generated documents are valid, and so is what coherent makes of them', () => {
    fc.assert(
      fc.property(factsDocuments(ALL_FEATURES), (facts) => {
        expect(validateFacts(facts)).toMatchObject({ ok: true });
        expect(validateFacts(coherent(facts))).toMatchObject({ ok: true });
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent, and recording the coherent document is recording the document', () => {
    fc.assert(
      fc.property(factsDocuments(ALL_FEATURES), (facts) => {
        const once = coherent(facts);
        expect(coherent(once)).toEqual(once);
        expect(translate(once, { practiceId: 'p', patientId: 'x' }).facts).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });

  it('derives the qualifying count, the last visit and whether the patient is new (ELIG-1, INIT-1)', () => {
    const facts = coherent(
      buildFacts({
        patient: {
          qualifyingChronicConditionCount: 5,
          isNewToBillingPractitioner: true,
          lastFaceToFaceVisitWithBillingPractitioner: null,
        },
        initiatingVisit: {
          status: 'completed',
          date: '2025-10-10',
          code: '99214',
          billingPractitionerId: 'dr-adams',
        },
      }),
    );
    expect(facts.patient).toMatchObject({
      qualifyingChronicConditionCount: 2,
      lastFaceToFaceVisitWithBillingPractitioner: '2025-10-10',
      isNewToBillingPractitioner: false,
    });
    expect(facts.initiatingVisit.required).toBeUndefined();
  });

  it('a superseding entry that changes only the minutes is a correction; any other supersession voids (TIME-16)', () => {
    const a = entry(10, { id: 'a', status: 'superseded', supersededBy: 'b' });
    const b = entry(15, { id: 'b', supersedes: 'a' });
    const c = entry(10, { id: 'c', status: 'superseded', date: '2026-03-11' });
    const d = entry(12, { id: 'd', supersedes: 'c', performer: { id: 'ma-chen', role: 'clinical_staff' } });
    const facts = coherent(buildFacts({ timeEntries: [a, b, c, d] }));
    expect(facts.timeEntries.map((e) => [e.id, e.status, e.minutes])).toEqual([
      ['b', 'active', 15],
      ['d', 'active', 12],
      ['c', 'voided', 10],
    ]);
  });

  it('the month sees only the consent of its track family; one obtained after the month leaves the last past episode (CONS-10)', () => {
    expect(coherent(buildFacts({ trackPolicy: { preferred: 'apcm' } })).consent).toEqual({
      program: 'APCM',
      status: 'none',
      obtainedAt: null,
      revokedAt: null,
    });
    const later = coherent(
      buildFacts({
        consent: {
          obtainedAt: '2026-04-02T10:00',
          history: [{ obtainedAt: '2024-02-01', revokedAt: '2024-08-01' }],
        },
      }),
    );
    expect(later.consent).toMatchObject({
      status: 'revoked',
      obtainedAt: '2024-02-01T00:00',
      revokedAt: '2024-08-01T00:00',
    });
  });
});
