import { readFileSync } from 'fs';
import * as path from 'path';
import { decide } from './decide';
import { validateFacts, type ValidationError } from './validate-facts';
import { buildFacts, entry } from './testing/facts-builder';

/** The project's worked examples (docs/billing-facts.md §6). */
const examplesDir = path.resolve(__dirname, '../../..', 'docs', 'billing-examples');

/** A valid facts document as plain JSON, to break one field at a time. */
function doc(): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(
      buildFacts({ timeEntries: [entry(12, { id: 'e1' }), entry(8, { id: 'e2', date: '2026-03-11' })] }),
    ),
  );
}

function errorsOf(input: unknown): ValidationError[] {
  const result = validateFacts(input);
  if (result.ok) throw new Error('expected validation to fail');
  return result.errors;
}

function paths(input: unknown): string[] {
  return errorsOf(input).map((e) => e.path);
}

function at(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  return obj[key] as Record<string, unknown>;
}

function entryAt(d: Record<string, unknown>, i: number): Record<string, unknown> {
  return (d.timeEntries as Record<string, unknown>[])[i];
}

describe('validateFacts', () => {
  it('accepts every worked example and returns facts that decide alike', () => {
    for (const file of ['CCM-002.json', 'CCM-024.json', 'CCM-047.json']) {
      const raw = JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as { facts: unknown };
      const result = validateFacts(raw.facts);
      expect(result.ok).toBe(true);
      if (result.ok) expect(decide(result.facts).ruleSet).toBe('medicare-pfs-2026');
    }
  });

  it('ignores unknown fields and drops them from the facts', () => {
    const d = doc();
    d.somethingNew = { nested: true };
    entryAt(d, 0).colour = 'blue';
    const result = validateFacts(d);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.facts).not.toHaveProperty('somethingNew');
      expect(result.facts.timeEntries[0]).not.toHaveProperty('colour');
    }
  });

  it('rejects a document that is not an object', () => {
    expect(paths([])).toEqual(['(root)']);
    expect(paths('facts')).toEqual(['(root)']);
    expect(paths(null)).toEqual(['(root)']);
  });

  it('names each missing required top-level field', () => {
    const d = doc();
    for (const key of [
      'payer',
      'consent',
      'timeEntries',
      'otherServicesThisMonth',
      'otherPractitionerClaimsThisMonth',
      'mdmThisMonth',
    ])
      delete d[key];
    expect(paths(d)).toEqual(
      expect.arrayContaining([
        'payer',
        'consent',
        'mdmThisMonth',
        'timeEntries',
        'otherServicesThisMonth',
        'otherPractitionerClaimsThisMonth',
      ]),
    );
  });

  it('names missing nested fields by path', () => {
    const d = doc();
    delete at(d, 'payer').qmb;
    delete at(d, 'billingPractitioner').id;
    delete at(d, 'trackPolicy').preferred;
    delete entryAt(d, 1).minutes;
    delete at(entryAt(d, 0), 'performer').role;
    expect(paths(d)).toEqual(
      expect.arrayContaining([
        'payer.qmb',
        'billingPractitioner.id',
        'trackPolicy.preferred',
        'timeEntries[1].minutes',
        'timeEntries[0].performer.role',
      ]),
    );
  });

  it('names malformed values: dates, times, months, numbers, enums, booleans', () => {
    const d = doc();
    d.serviceMonth = '2026-13';
    entryAt(d, 0).date = '2026-02-30';
    entryAt(d, 0).start = '24:00';
    entryAt(d, 1).minutes = 2.5;
    entryAt(d, 1).status = 'deleted';
    at(d, 'consent').obtainedAt = '2025-11-04 10:20';
    at(d, 'consent').method = 'telepathy';
    at(d, 'payer').qmb = 'no';
    at(d, 'patient').qualifyingChronicConditionCount = -1;
    d.mdmThisMonth = 'extreme';
    const errors = errorsOf(d);
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        'serviceMonth',
        'timeEntries[0].date',
        'timeEntries[0].start',
        'timeEntries[1].minutes',
        'timeEntries[1].status',
        'consent.obtainedAt',
        'consent.method',
        'payer.qmb',
        'patient.qualifyingChronicConditionCount',
        'mdmThisMonth',
      ]),
    );
    expect(errors.find((e) => e.path === 'timeEntries[1].minutes')?.message).toBe('must be an integer >= 1');
  });

  it('rejects zero or negative minutes', () => {
    const d = doc();
    entryAt(d, 0).minutes = 0;
    entryAt(d, 1).minutes = -5;
    expect(paths(d)).toEqual(['timeEntries[0].minutes', 'timeEntries[1].minutes']);
  });

  it('rejects duplicate entry ids, naming the later one', () => {
    const d = doc();
    entryAt(d, 1).id = 'e1';
    const errors = errorsOf(d);
    expect(errors).toEqual([{ path: 'timeEntries[1].id', message: 'duplicates the id of timeEntries[0]' }]);
  });

  it('rejects a service year without a rule set (never a guess)', () => {
    const d = doc();
    d.serviceMonth = '2023-12';
    expect(errorsOf(d)).toEqual([
      { path: 'serviceMonth', message: expect.stringContaining('no billing rule set') },
    ]);
    d.serviceMonth = '2027-01';
    expect(paths(d)).toEqual(['serviceMonth']);
  });

  it('checks program as one string or a non-empty list of strings', () => {
    const d = doc();
    entryAt(d, 0).program = [];
    entryAt(d, 1).program = ['CCM', 7];
    expect(paths(d)).toEqual(['timeEntries[0].program', 'timeEntries[1].program[1]']);
  });

  it('checks optional blocks when present', () => {
    const d = doc();
    d.rpm = {
      enrolled: 'yes',
      devicePeriods: [
        { start: '2026-03-10', end: '2026-03-01', daysWithTransmittedData: 3 },
        { start: '2026-03-01', end: '2026-03-05', daysWithTransmittedData: 9 },
      ],
    };
    d.attemptedClaimLines = ['99490', { units: 1 }, 5];
    d.behavioralHealth = { activitiesDocumented: 'x' };
    d.pcmConditionAttestation = { expectedDurationMonthsAtLeast: -3 };
    expect(paths(d)).toEqual(
      expect.arrayContaining([
        'rpm.enrolled',
        'rpm.devicePeriods[0].end',
        'rpm.devicePeriods[1].daysWithTransmittedData',
        'attemptedClaimLines[1].code',
        'attemptedClaimLines[2]',
        'behavioralHealth.service',
        'behavioralHealth.activitiesDocumented',
        'pcmConditionAttestation.expectedDurationMonthsAtLeast',
      ]),
    );
  });

  it('checks cross-field consistency: revocation before consent, discharge before admit, completed visit without date', () => {
    const d = doc();
    at(d, 'consent').revokedAt = '2025-01-01T00:00';
    at(d, 'patient').inpatientStays = [
      { type: 'acute_hospital_inpatient', admit: '2026-03-10', discharge: '2026-03-09' },
    ];
    d.initiatingVisit = { status: 'completed', code: '99214' };
    expect(paths(d)).toEqual(
      expect.arrayContaining([
        'consent.revokedAt',
        'patient.inpatientStays[0].discharge',
        'initiatingVisit.date',
      ]),
    );
  });

  it('never echoes the bad value in its message (it may be patient data)', () => {
    const d = doc();
    at(d, 'payer').type = { name: 'Jane Roe' };
    entryAt(d, 0).date = 'Jane Roe';
    for (const e of errorsOf(d)) expect(e.message).not.toContain('Jane');
  });

  it('treats null optional fields as absent', () => {
    const d = doc();
    d.rpm = null;
    at(d, 'consent').revokedAt = null;
    entryAt(d, 0).outcome = null;
    expect(validateFacts(d).ok).toBe(true);
  });
});
