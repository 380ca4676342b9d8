import { validateFacts } from '@ccm/billing';
import { claimFieldsOf, dateOfServiceOf } from '../billing-export/claim-fields';
import { exportRow } from '../billing-export/export-rows';
import { billingLineOf, withRosterNpi, withRosterNpiText, type BillingLine } from './billing-line';
import {
  buildPatientMonth,
  EMPTY_ACTIVITY,
  minutesInMonth,
  monthsOfInterval,
  planPatientEvent,
  type PatientLedger,
  type PatientMonthDocument,
  type PracticeSnapshot,
} from '@ccm/patient-months';
import { envelopesOf, foldPatientMonths } from '../testing/fold-patient-months';
import { PRACTICE, Scenario, standardStory } from '../testing/scenario';

const codes = (doc: PatientMonthDocument | undefined) =>
  doc?.billing.decision?.codes.map((c) => `${c.code}x${c.units}`).sort();

describe('billable months (given events, then patient-month documents)', () => {
  let story: Scenario;
  let months: Map<string, PatientMonthDocument>;
  let ledger: PatientLedger | undefined;
  beforeAll(async () => {
    story = await standardStory();
    ({ months, ledger } = foldPatientMonths(await story.events(), PRACTICE, 'pt-1'));
  });

  it('has a document for every month from enrolment to the last activity, in the practice time zone', () => {
    expect([...months.keys()].sort()).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(ledger?.timeZone).toBe('America/Chicago');
  });

  it('decides each month with the billing engine (CODE-9, INIT-5)', () => {
    expect(codes(months.get('2026-01'))).toEqual(['99490x1', 'G0506x1']);
    expect(codes(months.get('2026-02'))).toEqual(['99490x1']);
    expect(codes(months.get('2026-03'))).toEqual(['99439x1', '99490x1']);
    expect([...months.values()].map((m) => m.summary.countedStaffMinutes)).toEqual([25, 22, 45]);
    expect([...months.values()].map((m) => m.billing.status)).toEqual(['billable', 'billable', 'billable']);
  });

  it('keeps time entries net of corrections and voids, split by program and role, and splits an entry at month end (TIME-15, TIME-16)', () => {
    const march = months.get('2026-03')!;
    expect(march.minutes).toEqual({
      total: 55,
      byProgram: { CCM: { clinical_staff: 45, physician_qhp: 0, non_clinical_staff: 10 } },
    });
    expect(months.get('2026-02')!.minutes.total).toBe(22);
    const e5 = march.timeEntries.find((e) => e.entryId === 'e5')!;
    expect([e5.minutes, e5.logged.minutes, e5.corrections.map((c) => c.reason)]).toEqual([
      5,
      15,
      ['typo in minutes'],
    ]);
    expect(march.timeEntries.find((e) => e.entryId === 'e6')!.status).toBe('voided');
    expect(march.timeEntries.map((e) => e.entryId)).toEqual(['e-cross', 'e4', 'e5', 'e6', 'e7']);
    expect(monthsOfInterval('2026-02-28', '23:50', 20)).toEqual(['2026-02', '2026-03']);
    expect(minutesInMonth('2026-02-28', '23:50', 20, '2026-03')).toBe(10);
  });

  it('shows consent, care plan, conditions, visit and contacts over the month', () => {
    const january = months.get('2026-01')!;
    expect(january.consent).toMatchObject({
      status: 'obtained_this_month',
      inForceFrom: '2026-01-05T10:00',
      inForceUntil: null,
    });
    expect(months.get('2026-02')!.consent.status).toBe('in_force');
    expect(january.carePlan).toMatchObject({
      status: 'in_force',
      activityThisMonth: 'established',
      sharedWithPatient: true,
    });
    expect(months.get('2026-02')!.carePlan).toMatchObject({
      activityThisMonth: 'monitored',
      activityInferred: true,
    });
    expect(january.qualifyingConditionCount).toBe(2);
    expect(january.initiatingVisit).toMatchObject({ visitCode: '99214', byBillingPractitioner: true });
    expect(months.get('2026-03')!.contacts.map((c) => c.outcome)).toEqual(['reached']);
  });

  it('builds a facts document billing-facts.md accepts, and lists every default it used', () => {
    const march = months.get('2026-03')!;
    expect(validateFacts(march.billing.facts).ok).toBe(true);
    expect(march.billing.facts.trackPolicy).toEqual({ preferred: 'ccm_noncomplex_staff', fallback: null });
    expect(march.billing.assumed).toEqual(
      expect.arrayContaining([
        'payer',
        'trackPolicy',
        'mdmThisMonth',
        'patient.inpatientStays',
        'carePlan.activityThisMonth',
      ]),
    );
    expect(march.billing.facts.consent).toMatchObject({
      status: 'active',
      obtainedAt: '2026-01-05T10:00',
      elementsExplained: [
        'availability_and_scope',
        'cost_sharing',
        'right_to_stop_effective_month_end',
        'one_practitioner_per_month',
      ],
    });
    expect(months.get('2026-01')!.billing.facts.otherServicesThisMonth).toEqual([
      { code: '99214', date: '2026-01-05', practitionerId: 'dr-adams' },
    ]);
  });

  it('INIT-1: derives "new to the billing practitioner" from the visits on record before consent', () => {
    const january = months.get('2026-01')!;
    // Seen (the initiating visit) on the consent day: established when CCM started.
    expect(january.billing.facts.patient.isNewToBillingPractitioner).toBe(false);
    expect(january.billing.assumed).not.toContain('patient.isNewToBillingPractitioner');
  });

  it('CLAIM-1: the billing line and the export row carry the same claim fields, computed once', () => {
    const march = months.get('2026-03')!;
    const line = billingLineOf(march);
    expect(line).toMatchObject({
      billingPractitionerNpi: march.billingPractitionerNpi,
      diagnosisCodes: march.conditions
        .filter((c) => c.qualifying)
        .map((c) => c.icd10)
        .sort(),
      dateOfService: '2026-03-31',
    });
    expect(line.billingPractitionerNpi).toMatch(/^\d{10}$/);
    expect(line.estimatedAllowedCents).toBeGreaterThan(0);
    for (const which of ['month-end', 'threshold'] as const) {
      const row = exportRow(march, which);
      const fields = claimFieldsOf(march, which);
      expect(row).toMatchObject({
        billingPractitionerNpi: fields.billingPractitionerNpi,
        diagnosisCodes: fields.diagnosisCodes.join(';'),
        dateOfService: fields.dateOfService,
        estimatedAllowedCents: fields.estimatedAllowedCents,
      });
      expect(dateOfServiceOf(line, which)).toBe(fields.dateOfService);
    }
    expect(dateOfServiceOf(line, 'threshold')).toBe(march.billing.decision?.thresholdReachedOn);
    expect(dateOfServiceOf({ ...line, status: 'not_billable' }, 'month-end')).toBeNull();
    const moved = withRosterNpi(line, {
      practiceId: march.practiceId,
      revision: 99,
      timeZone: march.timeZone,
      billingPractitioners: [{ id: march.billingPractitionerId, credential: 'MD', npi: '1987654328' }],
      staff: [],
    });
    expect(moved.billingPractitionerNpi).toBe('1987654328');
  });

  it("CLAIM-1: a listed line is answered as its stored text while its NPI is the roster's, else with the roster's", () => {
    const march = months.get('2026-03')!;
    const line = billingLineOf(march);
    const own = line.billingPractitionerId;
    const rosterOf = (...practitioners: { id: string; npi?: string }[]): PracticeSnapshot => ({
      practiceId: march.practiceId,
      revision: 99,
      timeZone: march.timeZone,
      billingPractitioners: practitioners.map((p) => ({ credential: 'MD', ...p })),
      staff: [],
    });
    const stored = line.billingPractitionerNpi!;
    const claim = { billingPractitionerId: 'dr-baker', codes: [], submittedBy: 'biller-bo', revision: 3 };
    const { claim: _unclaimed, ...unclaimed } = line;
    const lines = {
      plain: line,
      // The claim names a practitioner too: only the line's own counts.
      claimedByAnother: { ...line, claim },
      // Derived before the roster kept NPIs.
      withoutNpi: { ...line, billingPractitionerNpi: null },
      // Keys in another order than billingLineOf writes them: read by parsing.
      claimFirst: { claim, ...unclaimed },
    };
    const practices = {
      none: undefined,
      same: rosterOf({ id: own, npi: stored }, { id: 'dr-baker', npi: '1987654328' }),
      moved: rosterOf({ id: own, npi: '1987654328' }, { id: 'dr-baker', npi: stored }),
      noNpiKept: rosterOf({ id: own }),
      notOnRoster: rosterOf({ id: 'dr-baker', npi: '1987654328' }),
      // npiOf takes the first entry of an id.
      twice: rosterOf({ id: own, npi: '1987654328' }, { id: own, npi: stored }),
    };
    for (const [lineName, variant] of Object.entries(lines)) {
      const json = JSON.stringify(variant);
      for (const [practiceName, practice] of Object.entries(practices)) {
        const expected = JSON.stringify(withRosterNpi(JSON.parse(json) as BillingLine, practice));
        expect([lineName, practiceName, withRosterNpiText(practice)(json)]).toEqual([
          lineName,
          practiceName,
          expected,
        ]);
      }
    }
    expect(withRosterNpiText(practices.same)(JSON.stringify(line))).toBe(JSON.stringify(line));
    const moved = JSON.parse(withRosterNpiText(practices.moved)(JSON.stringify(lines.claimedByAnother)));
    expect(moved).toEqual({ ...lines.claimedByAnother, billingPractitionerNpi: '1987654328' });
    const filled = JSON.parse(withRosterNpiText(practices.same)(JSON.stringify(lines.withoutNpi)));
    expect(filled.billingPractitionerNpi).toBe(stored);
  });

  it('follows a withdrawal: the month keeps its minutes before it (CONS-6, CONS-7), later months have no consent', async () => {
    const pt3 = foldPatientMonths(await story.events(), PRACTICE, 'pt-3');
    const march = pt3.months.get('2026-03')!;
    expect(march.consent).toMatchObject({ status: 'withdrawn_this_month', inForceUntil: '2026-03-20T09:00' });
    expect(march.billing.facts.consent).toMatchObject({ status: 'revoked', revokedAt: '2026-03-20T09:00' });
    expect(march.summary).toMatchObject({
      countedStaffMinutes: 25,
      consentedDuringMonth: true,
      consentedAtMonthEnd: false,
    });
    const april = buildPatientMonth(pt3.ledger!, '2026-04', EMPTY_ACTIVITY, undefined);
    expect(april.consent.status).toBe('withdrawn_before_month');
    expect(april.billing.decision?.notBillable.map((r) => r.reason)).toContain('NO_CONSENT');
  });

  it('ignores a redelivered event: its revision is not above the ledger’s', async () => {
    const envelopes = envelopesOf(await story.events(), PRACTICE, 'pt-1');
    const nowhere = () => undefined;
    expect(planPatientEvent(ledger, envelopes[envelopes.length - 1], nowhere)).toBeUndefined();
    expect(planPatientEvent(ledger, envelopes[2], nowhere)).toBeUndefined();
  });
});

describe('billable months with recorded billing facts and moved entries', () => {
  it('uses recorded payer, track and stays instead of defaults, and moves a corrected entry between months', async () => {
    const s = new Scenario();
    await s.at('2026-01-05T14:00:00Z').practice();
    await s.enrol('pt-9');
    await s.at('2026-01-05T17:00:00Z').visit('pt-9', '2026-01-05', false);
    await s.consent('pt-9', '2026-01-05T10:00');
    await s.carePlan('pt-9', '2026-01-05', '2026-01-05');
    await s.at('2026-03-20T15:00:00Z').logTime('pt-9', 'a', '2026-02-10', '10:00', 25);
    await s.logTime('pt-9', 'b', '2026-03-10', '10:00', 25, { program: ['CCM', 'RPM'] });
    await s.run(
      'pt-9',
      {
        type: 'RecordPayerCoverage',
        data: { fromMonth: '2026-03', payerType: 'medicare_advantage', qmb: false },
      },
      'admin',
    );
    await s.run(
      'pt-9',
      {
        type: 'CorrectTime',
        data: { entryId: 'a', minutes: 25, serviceDate: '2026-03-09', reason: 'wrong day' },
      },
      'care_manager',
    );
    await s.run(
      'pt-9',
      { type: 'ReallocateTime', data: { entryId: 'b', program: 'CCM', reason: 'all CCM work' } },
      'care_manager',
    );
    const { months } = foldPatientMonths(await s.events(), PRACTICE, 'pt-9');
    const february = months.get('2026-02')!;
    const march = months.get('2026-03')!;
    expect(february.timeEntries).toEqual([]);
    expect(february.billing.facts.payer).toEqual({ type: 'medicare_part_b', qmb: false });
    expect(february.billing.assumed).toContain('payer');
    expect(march.billing.facts.payer).toEqual({ type: 'medicare_advantage', qmb: false });
    expect(march.billing.assumed).not.toContain('payer');
    expect(march.billing.decision?.notBillable.map((r) => r.reason)).toContain('NOT_MEDICARE_PART_B');
    expect(march.timeEntries.map((e) => [e.entryId, e.serviceDate, e.program])).toEqual([
      ['a', '2026-03-09', 'CCM'],
      ['b', '2026-03-10', 'CCM'],
    ]);
    expect(march.billing.facts.timeEntries[1]).toMatchObject({
      reallocatedFrom: ['CCM', 'RPM'],
      reallocatedBy: 'rn-lopez',
    });
    expect(march.minutes.total).toBe(50);
  });
});

describe('a claimed month changed afterwards (CLAIM-4)', () => {
  it('is amended once the codes it would bill differ from those claimed, in the month and its billing line', async () => {
    const s = new Scenario();
    await s.at('2026-03-02T14:00:00Z').practice();
    await s.enrol('pt-7');
    await s.at('2026-03-02T17:00:00Z').visit('pt-7', '2026-03-02', false);
    await s.consent('pt-7', '2026-03-02T10:00');
    await s.carePlan('pt-7', '2026-03-02', '2026-03-02');
    await s.at('2026-03-20T15:00:00Z').logTime('pt-7', 'a', '2026-03-10', '10:00', 25);
    const claimed = foldPatientMonths(await s.events(), PRACTICE, 'pt-7').months.get('2026-03')!;
    expect(codes(claimed)).toEqual(['99490x1']);
    expect(claimed.amendedAfterSubmission).toBe(false);
    await s.at('2026-04-02T15:00:00Z').run(
      'pt-7',
      {
        type: 'SubmitClaim',
        data: {
          serviceMonth: '2026-03',
          billingPractitionerId: 'dr-adams',
          codes: claimed.billing.decision!.codes,
          decision: {},
        },
      },
      'biller',
    );
    // A late entry that leaves the codes as they were amends nothing.
    await s.logTime('pt-7', 'b', '2026-03-11', '10:00', 5);
    const unchanged = foldPatientMonths(await s.events(), PRACTICE, 'pt-7').months.get('2026-03')!;
    expect(unchanged.claim?.codes).toEqual([{ code: '99490', units: 1 }]);
    expect(unchanged.amendedAfterSubmission).toBe(false);
    expect(billingLineOf(unchanged).amendedAfterSubmission).toBe(false);
    // The entry the claim rested on, voided: the month bills nothing now.
    await s.run(
      'pt-7',
      { type: 'VoidTime', data: { entryId: 'a', reason: 'wrong patient' } },
      'care_manager',
    );
    const amended = foldPatientMonths(await s.events(), PRACTICE, 'pt-7').months.get('2026-03')!;
    expect(codes(amended)).toEqual([]);
    expect(amended.claim?.codes).toEqual([{ code: '99490', units: 1 }]);
    expect(amended.amendedAfterSubmission).toBe(true);
    expect(billingLineOf(amended).amendedAfterSubmission).toBe(true);
    expect(exportRow(amended, 'month-end').amendedAfterSubmission).toBe(true);
    // Another month of the same patient is not touched by the claim.
    expect(
      foldPatientMonths(await s.events(), PRACTICE, 'pt-7').months.get('2026-04')?.amendedAfterSubmission,
    ).toBe(false);
  });
});
