import { validateFacts } from '@ccm/billing';
import type { PatientCommand } from '@ccm/domain';
import { foldPatientMonths } from '../testing/fold-patient-months';
import { PRACTICE, Scenario } from '../testing/scenario';
import type { PatientMonthDocument } from '@ccm/patient-months';

const codes = (doc: PatientMonthDocument | undefined) =>
  doc?.billing.decision?.codes.map((c) => `${c.code}x${c.units}`).sort();
const reasons = (doc: PatientMonthDocument | undefined) =>
  doc?.billing.decision?.notBillable.map((r) => (r.ref ? `${r.reason}:${r.ref}` : r.reason)) ?? [];

const rpmTime = (
  entryId: string,
  serviceDate: string,
  minutes: number,
  interactiveCommunication: boolean,
): PatientCommand => ({
  type: 'LogTime',
  data: {
    entryId,
    performerId: 'rn-lopez',
    performerRole: 'clinical_staff',
    program: 'RPM',
    activity: interactiveCommunication ? 'rpm_bp_trend_call' : 'rpm_data_review',
    serviceDate,
    startTime: '11:00',
    minutes,
    interactiveCommunication,
  },
});
const period = (periodId: string, start: string, days: number): PatientCommand => ({
  type: 'RecordRpmDevicePeriod',
  data: { periodId, start, daysWithTransmittedData: days },
});

/** Enrolled in CCM in January (visit, consent, plan), no CCM time: only the RPM codes can bill. */
async function ccmPatient(s: Scenario, patientId: string): Promise<void> {
  await s.enrol(patientId);
  await s.at('2026-01-05T17:00:00Z').visit(patientId, '2026-01-05', false);
  await s.consent(patientId, '2026-01-05T10:00');
  await s.carePlan(patientId, '2026-01-05', '2026-01-05');
}

describe('billable months: RPM and APCM facts from recorded events', () => {
  let months: Map<string, PatientMonthDocument>;
  let afterClaim: Map<string, PatientMonthDocument>;
  beforeAll(async () => {
    const s = new Scenario();
    await s.at('2026-01-05T14:00:00Z').practice();
    await ccmPatient(s, 'pt-rpm');
    await s.at('2026-02-20T15:00:00Z').run('pt-rpm', {
      type: 'EnrollInRpm',
      data: {
        deviceType: 'blood_pressure_cuff',
        orderingPractitionerId: 'dr-adams',
        enrolledOn: '2026-02-20',
        consentDocumented: true,
        establishedPatient: true,
      },
    });
    // February: a period from the 20th, reported as data arrives (10, then 18 days).
    await s.at('2026-03-01T15:00:00Z').run('pt-rpm', period('p-1', '2026-02-20', 10), 'care_manager');
    await s.run('pt-rpm', rpmTime('r1', '2026-02-23', 10, false), 'care_manager');
    await s.run('pt-rpm', rpmTime('r2', '2026-02-26', 15, true), 'care_manager');
    await s.at('2026-03-22T15:00:00Z').run('pt-rpm', period('p-1', '2026-02-20', 18), 'care_manager');
    // March: the next period starts on the 22nd, 8 days so far; 12 interactive minutes.
    await s.at('2026-03-31T18:00:00Z').run('pt-rpm', period('p-2', '2026-03-22', 8), 'care_manager');
    await s.run('pt-rpm', rpmTime('r3', '2026-03-24', 12, true), 'care_manager');
    ({ months } = foldPatientMonths(await s.events(), PRACTICE, 'pt-rpm'));
    // The biller submits February with its codes: set-up is now billed for this episode (RPM-6).
    await s.run(
      'pt-rpm',
      {
        type: 'SubmitClaim',
        data: {
          serviceMonth: '2026-02',
          billingPractitionerId: 'dr-adams',
          codes: months.get('2026-02')!.billing.decision!.codes,
          decision: {},
        },
      },
      'biller',
    );
    ({ months: afterClaim } = foldPatientMonths(await s.events(), PRACTICE, 'pt-rpm'));
  });

  it('fills facts.rpm from the enrolment and the periods overlapping the month (RPM-1, RPM-5)', () => {
    const february = months.get('2026-02')!;
    expect(validateFacts(february.billing.facts).ok).toBe(true);
    expect(february.billing.facts.rpm).toEqual({
      enrolled: true,
      consentDocumented: true,
      establishedPatient: true,
      deviceType: 'blood_pressure_cuff',
      setupAndEducationBilledPreviously: false,
      devicePeriods: [{ start: '2026-02-20', end: '2026-03-21', daysWithTransmittedData: 18 }],
    });
    // The February period runs into March (RPM-1: 30 days, not the calendar month): listed, billed in February.
    expect(months.get('2026-03')!.billing.facts.rpm?.devicePeriods).toEqual([
      { start: '2026-02-20', end: '2026-03-21', daysWithTransmittedData: 18 },
      { start: '2026-03-22', end: '2026-04-20', daysWithTransmittedData: 8 },
    ]);
    expect(months.get('2026-01')!.billing.facts.rpm).toBeUndefined();
  });

  it('RPM-2, RPM-6: 16+ days bills 99454 with 99453 the first time; 20+ interactive minutes bill 99457', () => {
    expect(codes(months.get('2026-02'))).toEqual(['99453x1', '99454x1', '99457x1']);
    expect(months.get('2026-02')!.billing.decision!.countedMinutes.rpm).toBe(25);
    expect(months.get('2026-02')!.billing.assumed).toContain('rpm.setupAndEducationBilledPreviously');
  });

  it('RPM-2 (2026 rule set): 2-15 days bill 99445 and 10-19 interactive minutes bill 99470', () => {
    expect(codes(months.get('2026-03'))).toEqual(['99445x1', '99453x1', '99470x1']);
    expect(reasons(months.get('2026-03'))).toContain('TIME_BELOW_THRESHOLD:99457');
  });

  it('RPM-6: once February’s claim with 99453 is submitted, later months of the episode no longer bill it', () => {
    const march = afterClaim.get('2026-03')!;
    expect(march.billing.facts.rpm?.setupAndEducationBilledPreviously).toBe(true);
    expect(march.billing.assumed).not.toContain('rpm.setupAndEducationBilledPreviously');
    expect(codes(march)).toEqual(['99445x1', '99470x1']);
    // The submitted month itself keeps the decision it was claimed with.
    expect(codes(afterClaim.get('2026-02'))).toEqual(['99453x1', '99454x1', '99457x1']);
  });

  it('RPM-5, RPM-4: a patient not established gets no RPM code; RPM ordered by another practitioner is not in this practitioner’s month', async () => {
    const s = new Scenario();
    await s.at('2026-01-05T14:00:00Z').practice();
    for (const [patientId, ordering, established] of [
      ['pt-new', 'dr-adams', false],
      ['pt-other', 'dr-baker', true],
    ] as const) {
      await ccmPatient(s, patientId);
      await s.at('2026-03-01T15:00:00Z').run(patientId, {
        type: 'EnrollInRpm',
        data: {
          deviceType: 'glucometer',
          orderingPractitionerId: ordering,
          enrolledOn: '2026-03-01',
          consentDocumented: true,
          establishedPatient: established,
        },
      });
      await s.at('2026-03-31T18:00:00Z').run(patientId, period('p', '2026-03-01', 20), 'care_manager');
      await s.run(patientId, rpmTime('r', '2026-03-10', 25, true), 'care_manager');
    }
    const events = await s.events();
    const notEstablished = foldPatientMonths(events, PRACTICE, 'pt-new').months.get('2026-03')!;
    expect(codes(notEstablished)).toEqual([]);
    expect(reasons(notEstablished)).toContain('RPM_NOT_ESTABLISHED_PATIENT');
    const other = foldPatientMonths(events, PRACTICE, 'pt-other').months.get('2026-03')!;
    expect(other.billing.facts.rpm).toBeUndefined();
    expect(codes(other)).toEqual([]);
  });

  it('RPM-1: ending RPM keeps the periods begun before the end; a month after the end has no RPM block', async () => {
    const s = new Scenario();
    await s.at('2026-01-05T14:00:00Z').practice();
    await ccmPatient(s, 'pt-end');
    await s.at('2026-01-06T15:00:00Z').run('pt-end', {
      type: 'EnrollInRpm',
      data: {
        deviceType: 'weight_scale',
        orderingPractitionerId: 'dr-adams',
        enrolledOn: '2026-01-06',
        consentDocumented: true,
        establishedPatient: true,
      },
    });
    await s.at('2026-02-10T15:00:00Z').run('pt-end', period('p', '2026-01-06', 16), 'care_manager');
    await s.run('pt-end', { type: 'EndRpm', data: { endedOn: '2026-01-31', reason: 'device returned' } });
    const { months: ended } = foldPatientMonths(await s.events(), PRACTICE, 'pt-end');
    expect(codes(ended.get('2026-01'))).toEqual(['99453x1', '99454x1']);
    expect(ended.get('2026-02')!.billing.facts.rpm).toBeUndefined();
  });

  it('APCM-2, CONS-10: the attestation fills facts.apcm, and an APCM month reads the APCM consent', async () => {
    const s = new Scenario();
    await s.at('2026-01-05T14:00:00Z').practice();
    await s.enrol('pt-apcm');
    await s.at('2026-01-05T17:00:00Z').visit('pt-apcm', '2026-01-05', false);
    await s.run('pt-apcm', {
      type: 'RecordConsent',
      data: {
        consentId: 'c-apcm',
        program: 'APCM',
        decision: 'accepted',
        method: 'verbal',
        obtainedAt: '2026-01-05T10:00',
        obtainedBy: 'dr-adams',
        disclosures: {
          availabilityAndScope: true,
          costSharing: true,
          rightToStopEffectiveMonthEnd: true,
          onePractitionerPerMonth: true,
        },
      },
    });
    await s.run('pt-apcm', {
      type: 'SetTrackPolicy',
      data: { fromMonth: '2026-02', preferred: 'apcm', fallback: null, reason: 'practice offers APCM' },
    });
    await s.at('2026-03-02T15:00:00Z').run('pt-apcm', {
      type: 'RecordApcmAttestation',
      data: {
        fromMonth: '2026-03',
        practitionerId: 'dr-adams',
        responsibleForAllPrimaryCare: true,
        serviceElementsInPlace: true,
      },
    });
    const { months: apcm } = foldPatientMonths(await s.events(), PRACTICE, 'pt-apcm');
    const february = apcm.get('2026-02')!;
    const march = apcm.get('2026-03')!;
    expect(march.billing.facts.apcm).toEqual({
      practitionerResponsibleForAllPrimaryCare: true,
      serviceElementsInPlace: true,
    });
    expect(march.billing.facts.consent).toMatchObject({ program: 'APCM', status: 'active' });
    expect(codes(march)).toEqual(['G0557x1']);
    // February: on the APCM track, but no attestation in force yet.
    expect(february.billing.facts.apcm).toBeUndefined();
    expect(codes(february)).toEqual([]);
    expect(reasons(february)).toContain('REQUIREMENT_NOT_MET:apcm');
    // January: the CCM track reads the CCM consent, which this patient never gave.
    expect(apcm.get('2026-01')!.billing.facts.consent).toMatchObject({ program: 'CCM', status: 'none' });
  });
});
