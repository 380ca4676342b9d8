import type { PatientMonthFacts, Performer } from '@ccm/billing';
import { isValidNpi } from '@ccm/domain';
import { performersOf } from './coherent-time';

/** The practice a facts document needs: its billing practitioner, every performer, everyone else it names. */

/** A valid NPI (Luhn check digit over 80840 + nine digits), distinct for each `n`. */
export function npiFor(n: number): string {
  const base = String(100000000 + n * 7919).slice(0, 9);
  for (let check = 0; check <= 9; check++) {
    if (isValidNpi(`${base}${check}`)) return `${base}${check}`;
  }
  throw new Error('no check digit');
}

/**
 * Everyone a (coherent) document names, with their roster role: performers as they perform (coherent rule
 * 4), anyone else who signs, consents for or supervises as a practitioner, and someone else who did the
 * initiating visit as clinical staff (a visit the billing practitioner did not perform never qualifies).
 */
export function peopleOf(facts: PatientMonthFacts): Map<string, Performer> {
  const people = performersOf(facts);
  const practitioners = [
    facts.consent.billingPractitionerId,
    facts.carePlan.establishedOrSignedBy,
    facts.initiatingVisit.billingPractitionerId,
    facts.behavioralHealth?.furnishedUnderPractitioner,
  ];
  for (const id of practitioners) {
    if (id && !people.has(id)) people.set(id, { id, role: 'physician_qhp', credential: 'MD' });
  }
  // Someone other than the billing practitioner who performed the visit, and nothing else: clinical staff.
  const visitor = facts.initiatingVisit.performedBy;
  if (visitor && !people.has(visitor))
    people.set(visitor, { id: visitor, role: 'clinical_staff', credential: 'RN' });
  return people;
}

export function practiceBodyFor(facts: PatientMonthFacts, practiceId: string, timeZone = 'UTC') {
  const bp = facts.billingPractitioner;
  const people = [...peopleOf(facts).values()];
  const practitioners = people.filter((p) => p.role === 'physician_qhp');
  return {
    practiceId,
    name: `Practice ${practiceId}`,
    // The document's wall-clock times are the practice's, whatever its zone.
    timeZone,
    billingPractitioners: practitioners.map((p, i) => ({
      id: p.id,
      npi: npiFor(i + 1),
      credential: p.credential ?? 'MD',
      ...(p.id === bp.id && bp.specialty ? { specialty: bp.specialty } : {}),
    })),
    staff: people
      .filter((p) => p.role !== 'physician_qhp')
      .map((p) => ({ id: p.id, role: p.role, credential: p.credential ?? 'RN' })),
  };
}
