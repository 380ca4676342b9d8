import { startReadApi, type ReadApiHarness } from '../read-models/testing/read-api-harness';
import { expectStreamUnchanged } from '../testing/api-harness';
import { enrolledPatient, registerPractices, timeEntryBody } from '../testing/fixtures';

/**
 * RPM end to end: enrolment, device periods and RPM time through the api, then the month document and the
 * billing job show the RPM codes the 2026 rule set gives (RPM-1..6); and the APCM attestation (APCM-2).
 */

type Role = 'admin' | 'practitioner' | 'care_manager' | 'biller';

interface Line {
  patientId: string;
  status: string;
  codes: { code: string; units: number }[];
}

const codesOf = (codes: readonly { code: string; units: number }[]) =>
  codes.map((c) => `${c.code}x${c.units}`).sort();

describe('remote physiologic monitoring through the api (RPM-1..6) and the APCM attestation (APCM-2)', () => {
  let api: ReadApiHarness;
  const post = (path: string, role: Role, body: object = {}) =>
    api.http
      .post(path)
      .set('Authorization', `Bearer ${api.token(role)}`)
      .send(body);

  const enrolment = (overrides: Record<string, unknown> = {}) => ({
    deviceType: 'blood_pressure_cuff',
    enrolledOn: '2026-03-01',
    consentDocumented: true,
    establishedPatient: true,
    ...overrides,
  });
  const rpmTime = (entryId: string, serviceDate: string, minutes: number, interactive: boolean) =>
    timeEntryBody(entryId, {
      program: 'RPM',
      activity: interactive ? 'rpm_bp_trend_call' : 'rpm_data_review',
      serviceDate,
      startTime: '11:00',
      minutes,
      ...(interactive ? { interactiveCommunication: true } : {}),
    });

  async function month(patientId: string, serviceMonth: string) {
    await api.caughtUp();
    return (await api.get(`/patients/${patientId}/months/${serviceMonth}`, 'biller').expect(200)).body;
  }
  async function line(patientId: string, serviceMonth: string): Promise<Line | undefined> {
    await api.caughtUp();
    const res = await api.get(`/billing/months/${serviceMonth}?status=all&limit=100`, 'biller').expect(200);
    return (res.body.items as Line[]).find((l) => l.patientId === patientId);
  }

  beforeAll(async () => {
    api = await startReadApi();
    await registerPractices(api);
  }, 30_000);
  afterAll(() => api.close());

  it('RPM-2, RPM-6: 16+ days and 20+ interactive minutes bill 99453, 99454 and 99457 in the month and the billing job', async () => {
    // RPM alone: no CCM consent, plan or CCM time (RPM-3, RPM-7: the programs are billed independently).
    await enrolledPatient(api, 'pt-rpm', { consent: false });
    await post('/patients/pt-rpm/rpm/enrolment', 'practitioner', enrolment()).expect(201);
    // The period's days arrive in reports: a repeat is already applied, more days supersede.
    await post('/patients/pt-rpm/rpm/device-periods', 'care_manager', {
      periodId: 'p-1',
      start: '2026-03-01',
      daysWithTransmittedData: 12,
    }).expect(201);
    const repeat = await post('/patients/pt-rpm/rpm/device-periods', 'care_manager', {
      periodId: 'p-1',
      start: '2026-03-01',
      daysWithTransmittedData: 12,
    });
    expect(repeat.status).toBeLessThan(300);
    expect(repeat.headers['x-ccm-replayed']).toBe('true');
    await post('/patients/pt-rpm/rpm/device-periods', 'care_manager', {
      periodId: 'p-1',
      start: '2026-03-01',
      daysWithTransmittedData: 17,
    }).expect(201);
    await post('/patients/pt-rpm/time-entries', 'care_manager', rpmTime('r1', '2026-03-05', 8, false)).expect(
      201,
    );
    await post('/patients/pt-rpm/time-entries', 'care_manager', rpmTime('r2', '2026-03-12', 14, true)).expect(
      201,
    );

    const march = await month('pt-rpm', '2026-03');
    expect(march.billing.facts.rpm).toEqual({
      enrolled: true,
      consentDocumented: true,
      establishedPatient: true,
      deviceType: 'blood_pressure_cuff',
      setupAndEducationBilledPreviously: false,
      devicePeriods: [{ start: '2026-03-01', end: '2026-03-30', daysWithTransmittedData: 17 }],
    });
    expect(march.billing.status).toBe('billable');
    expect(codesOf(march.billing.decision.codes)).toEqual(['99453x1', '99454x1', '99457x1']);
    expect(march.billing.decision.countedMinutes.rpm).toBe(22);
    const marchLine = await line('pt-rpm', '2026-03');
    expect(marchLine).toMatchObject({ status: 'billable' });
    expect(codesOf(marchLine!.codes)).toEqual(['99453x1', '99454x1', '99457x1']);
    const types = (await api.readPatientStream('pt-rpm')).map((e) => e.type);
    expect(types.filter((t) => t === 'RpmDevicePeriodRecorded')).toHaveLength(2);
  });

  it('RPM-6: after March is claimed with 99453, the next period of the episode bills 99454 alone', async () => {
    await post('/patients/pt-rpm/months/2026-03/claim', 'biller').expect(201);
    api.clock.set('2026-04-30T17:00:00Z');
    try {
      await post('/patients/pt-rpm/rpm/device-periods', 'care_manager', {
        periodId: 'p-2',
        start: '2026-04-01',
        daysWithTransmittedData: 20,
      }).expect(201);
      const april = await month('pt-rpm', '2026-04');
      expect(april.billing.facts.rpm.setupAndEducationBilledPreviously).toBe(true);
      expect(codesOf(april.billing.decision.codes)).toEqual(['99454x1']);
      expect(codesOf((await line('pt-rpm', '2026-04'))!.codes)).toEqual(['99454x1']);
    } finally {
      api.clock.set('2026-03-31T17:00:00Z');
    }
  });

  it('RPM-2 (2026 rule set): 2-15 days bill 99445 and 10-19 interactive minutes bill 99470, never 99454 or 99457', async () => {
    await enrolledPatient(api, 'pt-rpm-short', { consent: false });
    await post('/patients/pt-rpm-short/rpm/enrolment', 'practitioner', enrolment()).expect(201);
    await post('/patients/pt-rpm-short/rpm/device-periods', 'care_manager', {
      periodId: 'p-1',
      start: '2026-03-02',
      daysWithTransmittedData: 9,
    }).expect(201);
    await post(
      '/patients/pt-rpm-short/time-entries',
      'care_manager',
      rpmTime('r1', '2026-03-10', 12, true),
    ).expect(201);
    const march = await month('pt-rpm-short', '2026-03');
    expect(codesOf(march.billing.decision.codes)).toEqual(['99445x1', '99453x1', '99470x1']);
    expect(codesOf((await line('pt-rpm-short', '2026-03'))!.codes)).toEqual([
      '99445x1',
      '99453x1',
      '99470x1',
    ]);
  });

  it('refuses what the rules forbid with stable codes, recording nothing', async () => {
    await expectStreamUnchanged(api, 'pt-rpm', async () => {
      const period = (body: object) => post('/patients/pt-rpm/rpm/device-periods', 'care_manager', body);
      expect(
        (await period({ periodId: 'p-1', start: '2026-03-01', daysWithTransmittedData: 16 }).expect(422)).body
          .reason,
      ).toBe('RPM_PERIOD_DAYS_DECREASED');
      expect(
        (await period({ periodId: 'p-1', start: '2026-03-02', daysWithTransmittedData: 17 }).expect(409)).body
          .reason,
      ).toBe('RPM_PERIOD_ID_REUSED');
      expect(
        (await period({ periodId: 'p-9', start: '2026-03-15', daysWithTransmittedData: 5 }).expect(422)).body
          .reason,
      ).toBe('RPM_PERIODS_OVERLAP');
      expect(
        (await period({ periodId: 'p-9', start: '2026-02-01', daysWithTransmittedData: 5 }).expect(422)).body
          .reason,
      ).toBe('RPM_PERIOD_BEFORE_ENROLMENT');
      const again = await post(
        '/patients/pt-rpm/rpm/enrolment',
        'practitioner',
        enrolment({ deviceType: 'glucometer' }),
      ).expect(409);
      expect(again.body.reason).toBe('RPM_ALREADY_ENROLLED');
      const bad = await period({ periodId: 'p-9', start: '2026-03-31', daysWithTransmittedData: 31 }).expect(
        400,
      );
      expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['daysWithTransmittedData']);
      await post('/patients/pt-rpm/rpm/enrolment', 'biller', enrolment()).expect(403);
    });
    await enrolledPatient(api, 'pt-rpm-refused', { consent: false });
    await expectStreamUnchanged(api, 'pt-rpm-refused', async () => {
      const notOnRoster = await post(
        '/patients/pt-rpm-refused/rpm/enrolment',
        'practitioner',
        enrolment({ orderingPractitionerId: 'rn-lopez' }),
      ).expect(422);
      expect(notOnRoster.body.reason).toBe('BILLING_PRACTITIONER_NOT_ON_ROSTER');
      const notEnrolled = await post('/patients/pt-rpm-refused/rpm/end', 'care_manager', {
        endedOn: '2026-03-20',
        reason: 'device returned',
      }).expect(422);
      expect(notEnrolled.body.reason).toBe('RPM_NOT_ENROLLED');
    });
  });

  it('ends the RPM episode; the same end re-sent is already applied', async () => {
    const end = { endedOn: '2026-03-31', reason: 'device returned' };
    await post('/patients/pt-rpm-short/rpm/end', 'care_manager', end).expect(201);
    const repeat = await post('/patients/pt-rpm-short/rpm/end', 'care_manager', end);
    expect(repeat.headers['x-ccm-replayed']).toBe('true');
    const types = (await api.readPatientStream('pt-rpm-short')).map((e) => e.type);
    expect(types.filter((t) => t === 'RpmEnded')).toHaveLength(1);
    // The period begun before the end is still billed in its month (RPM-1).
    expect(codesOf((await month('pt-rpm-short', '2026-03')).billing.decision.codes)).toContain('99445x1');
  });

  it('APCM-2: records the practitioner’s attestation; it fills facts.apcm of the months it covers', async () => {
    await enrolledPatient(api, 'pt-apcm', { consent: false });
    await post('/patients/pt-apcm/apcm/attestation', 'practitioner', {
      fromMonth: '2026-03',
      responsibleForAllPrimaryCare: true,
      serviceElementsInPlace: true,
    }).expect(201);
    const march = await month('pt-apcm', '2026-03');
    expect(march.billing.facts.apcm).toEqual({
      practitionerResponsibleForAllPrimaryCare: true,
      serviceElementsInPlace: true,
    });
    const future = await post('/patients/pt-apcm/apcm/attestation', 'practitioner', {
      fromMonth: '2026-05',
      responsibleForAllPrimaryCare: true,
      serviceElementsInPlace: true,
    }).expect(422);
    expect(future.body.reason).toBe('OCCURS_IN_FUTURE');
  });
});
