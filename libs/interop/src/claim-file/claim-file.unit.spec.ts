import { buildClaimFile, billedCodesOf, claimIdOf, type ClaimFileInput } from './claim-file';
import { billableLine, demographicsOf, JANUARY_SETUP, MID_MARCH_SETUP } from './testing/claim-fixtures';

const given = (overrides: Partial<ClaimFileInput> = {}): ClaimFileInput => ({
  practiceId: 'riverside',
  serviceMonth: '2026-03',
  generation: 1,
  lines: [billableLine()],
  setups: [JANUARY_SETUP],
  demographics: new Map([['pt-1', demographicsOf()]]),
  ...overrides,
});

describe('claim file: given billable month lines, a billing setup and demographics, then claims', () => {
  it('makes one claim per billable patient-month with one service line per code, fee x units, base code first', () => {
    const file = buildClaimFile(given());
    expect(file.notReady).toEqual([]);
    expect(file.claims).toHaveLength(1);
    const [claim] = file.claims;
    expect(claim).toMatchObject({
      claimId: 'pt-1-202603',
      dateOfService: '2026-03-31',
      placeOfService: JANUARY_SETUP.placeOfService,
      renderingNpi: '1234567893',
      diagnosisCodes: ['E11.9', 'I10'],
      patient: { mbi: '1EG4TE5MK73', dateOfBirth: '1946-09-14', sex: 'female' },
    });
    const fee = (code: string) => JANUARY_SETUP.fees.find((f) => f.code === code)?.chargeCents ?? NaN;
    expect(claim.lines).toEqual([
      expect.objectContaining({ lineNumber: 1, code: '99490', units: 1, chargeCents: fee('99490') }),
      {
        lineNumber: 2,
        code: '99439',
        units: 2,
        dateOfService: '2026-03-31',
        placeOfService: '11',
        unitChargeCents: fee('99439'),
        chargeCents: fee('99439') * 2,
        diagnosisPointers: [1, 2],
        renderingNpi: '1234567893',
        billingNpi: JANUARY_SETUP.billingProvider.npi,
      },
    ]);
    expect(claim.totalChargeCents).toBe(fee('99439') * 2 + fee('99490'));
  });

  it('charges from the setup in force on each claim’s date of service, the later one superseding', () => {
    const file = buildClaimFile(
      given({
        setups: [JANUARY_SETUP, MID_MARCH_SETUP],
        lines: [
          billableLine({ patientId: 'pt-1', dateOfService: '2026-03-31', codes: '99490x1' }),
          billableLine({ patientId: 'pt-2', dateOfService: '2026-03-10', codes: '99490x1' }),
        ],
        demographics: new Map([
          ['pt-1', demographicsOf()],
          ['pt-2', demographicsOf({ mbi: '9AC0D12EF34' })],
        ]),
      }),
    );
    const byPatient = new Map(file.claims.map((c) => [c.patientId, c]));
    expect(byPatient.get('pt-1')?.lines[0]).toMatchObject({
      chargeCents: MID_MARCH_SETUP.fees[1].chargeCents,
      placeOfService: MID_MARCH_SETUP.placeOfService,
    });
    expect(byPatient.get('pt-2')?.lines[0]).toMatchObject({
      chargeCents: JANUARY_SETUP.fees[1].chargeCents,
      placeOfService: JANUARY_SETUP.placeOfService,
    });
  });

  it('lists under notReady, with every reason, a month without demographics, setup, fee or practitioner NPI', () => {
    const file = buildClaimFile(
      given({
        lines: [
          billableLine({ patientId: 'pt-a' }),
          billableLine({ patientId: 'pt-b', codes: '99490x1;G0511x1' }),
          billableLine({ patientId: 'pt-c', dateOfService: '2025-12-31', serviceMonth: '2026-03' }),
          billableLine({ patientId: 'pt-d', billingPractitionerNpi: '', diagnosisCodes: '' }),
          billableLine({ patientId: 'pt-e', status: 'not-billable', codes: '' }),
        ],
        demographics: new Map([
          ['pt-b', demographicsOf()],
          ['pt-c', demographicsOf({ mbi: '' })],
          ['pt-d', demographicsOf()],
        ]),
      }),
    );
    expect(file.claims).toEqual([]);
    expect(file.notReady).toEqual([
      { patientId: 'pt-a', serviceMonth: '2026-03', reasons: ['NO_DEMOGRAPHICS'] },
      {
        patientId: 'pt-b',
        serviceMonth: '2026-03',
        reasons: ['FEE_MISSING'],
        codesWithoutFee: ['G0511'],
      },
      { patientId: 'pt-c', serviceMonth: '2026-03', reasons: ['NO_MBI', 'NO_BILLING_SETUP'] },
      {
        patientId: 'pt-d',
        serviceMonth: '2026-03',
        reasons: ['NO_BILLING_PRACTITIONER_NPI', 'NO_DIAGNOSIS'],
      },
    ]);
  });

  it('keeps 12 diagnoses at most and points each line at the first four', () => {
    const codes = Array.from({ length: 14 }, (_, i) => `Z${String(i).padStart(2, '0')}.1`);
    const [claim] = buildClaimFile(
      given({ lines: [billableLine({ diagnosisCodes: codes.join(';') })] }),
    ).claims;
    expect(claim.diagnosisCodes).toEqual(codes.slice(0, 12));
    expect(claim.lines.every((l) => l.diagnosisPointers.join() === '1,2,3,4')).toBe(true);
  });

  it('orders claims by patient and reads the export’s codes column back', () => {
    const file = buildClaimFile(
      given({
        lines: [billableLine({ patientId: 'pt-2' }), billableLine({ patientId: 'pt-1' })],
        demographics: new Map([
          ['pt-1', demographicsOf()],
          ['pt-2', demographicsOf()],
        ]),
      }),
    );
    expect(file.claims.map((c) => c.patientId)).toEqual(['pt-1', 'pt-2']);
    expect(billedCodesOf('99439x2;99490x1')).toEqual([
      { code: '99439', units: 2 },
      { code: '99490', units: 1 },
    ]);
    expect(billedCodesOf('')).toEqual([]);
    expect(() => billedCodesOf('99490')).toThrow();
  });

  it('keeps a claim id within the 38 characters of CLM01, deterministically', () => {
    const long = 'p'.repeat(64);
    expect(claimIdOf(long, '2026-03').length).toBeLessThanOrEqual(38);
    expect(claimIdOf(long, '2026-03')).toBe(claimIdOf(long, '2026-03'));
    expect(claimIdOf(long, '2026-03')).not.toBe(claimIdOf(`${long.slice(1)}q`, '2026-03'));
  });
});
