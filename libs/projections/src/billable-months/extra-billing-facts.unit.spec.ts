import { validateFacts } from '@ccm/billing';
import type { PatientCommand } from '@ccm/domain';
import { foldPatientMonths } from '../testing/fold-patient-months';
import { PRACTICE, Scenario } from '../testing/scenario';
import type { PatientMonthDocument } from '@ccm/patient-months';

const codes = (doc: PatientMonthDocument | undefined) =>
  doc?.billing.decision?.codes.map((c) => `${c.code}x${c.units}`).sort();
const reasons = (doc: PatientMonthDocument | undefined) =>
  doc?.billing.decision?.notBillable.map((r) => (r.ref ? `${r.reason}:${r.ref}` : r.reason)) ?? [];

const ALL_DISCLOSURES = {
  availabilityAndScope: true,
  costSharing: true,
  rightToStopEffectiveMonthEnd: true,
  onePractitionerPerMonth: true,
};

/** Enrolled in CCM in January (visit, consent, plan). */
async function ccmPatient(s: Scenario, patientId: string): Promise<void> {
  await s.enrol(patientId);
  await s.at('2026-01-05T17:00:00Z').visit(patientId, '2026-01-05', false);
  await s.consent(patientId, '2026-01-05T10:00');
  await s.carePlan(patientId, '2026-01-05', '2026-01-05');
}

/** On the APCM track from January with APCM consent and dr-adams’s attestation: G0557 every month. */
async function apcmPatient(s: Scenario, patientId: string): Promise<void> {
  await s.enrol(patientId);
  await s.at('2026-01-05T17:00:00Z').visit(patientId, '2026-01-05', false);
  await s.run(patientId, {
    type: 'RecordConsent',
    data: {
      consentId: `c-apcm-${patientId}`,
      program: 'APCM',
      decision: 'accepted',
      method: 'verbal',
      obtainedAt: '2026-01-05T10:00',
      obtainedBy: 'dr-adams',
      disclosures: ALL_DISCLOSURES,
    },
  });
  await s.run(patientId, {
    type: 'SetTrackPolicy',
    data: { fromMonth: '2026-01', preferred: 'apcm', fallback: null, reason: 'practice offers APCM' },
  });
  await s.run(patientId, {
    type: 'RecordApcmAttestation',
    data: {
      fromMonth: '2026-01',
      practitionerId: 'dr-adams',
      responsibleForAllPrimaryCare: true,
      serviceElementsInPlace: true,
    },
  });
}

const bh = (serviceId: string, serviceMonth: string, furnishedUnderPractitioner: string): PatientCommand => ({
  type: 'RecordBehavioralHealthService',
  data: {
    serviceId,
    serviceMonth,
    service: 'general_BHI',
    furnishedUnderPractitioner,
    activitiesDocumented: ['PHQ-9 screening', 'Behavioral health care plan revised'],
  },
});

describe('billable months: RTM, the APCM behavioural-health add-on and attempted claim lines', () => {
  it('RPM-4, EXCL-4: with RPM and RTM both enrolled, facts.rtm is filled, RPM is billed and RTM reported dropped', async () => {
    const s = new Scenario();
    await s.at('2026-01-05T14:00:00Z').practice();
    await ccmPatient(s, 'pt-rtm');
    await s.at('2026-02-20T15:00:00Z').run('pt-rtm', {
      type: 'EnrollInRtm',
      // Ordered by another practitioner than the billing one: still enrolled for the month (RPM-4).
      data: {
        orderingPractitionerId: 'dr-baker',
        enrolledOn: '2026-02-20',
        deviceType: 'musculoskeletal_system',
      },
    });
    await s.at('2026-03-01T15:00:00Z').run('pt-rtm', {
      type: 'EnrollInRpm',
      data: {
        deviceType: 'blood_pressure_cuff',
        orderingPractitionerId: 'dr-adams',
        enrolledOn: '2026-03-01',
        consentDocumented: true,
        establishedPatient: true,
      },
    });
    await s.at('2026-03-31T18:00:00Z').run(
      'pt-rtm',
      {
        type: 'RecordRpmDevicePeriod',
        data: { periodId: 'p-rpm', start: '2026-03-01', daysWithTransmittedData: 20 },
      },
      'care_manager',
    );
    await s.run(
      'pt-rtm',
      {
        type: 'RecordRtmDevicePeriod',
        data: { periodId: 'p-rtm', start: '2026-02-20', daysWithTransmittedData: 18 },
      },
      'care_manager',
    );
    await s.run('pt-rtm', { type: 'EndRtm', data: { endedOn: '2026-03-25', reason: 'therapy completed' } });
    const { months, ledger } = foldPatientMonths(await s.events(), PRACTICE, 'pt-rtm');
    const march = months.get('2026-03')!;
    expect(validateFacts(march.billing.facts).ok).toBe(true);
    expect(march.billing.facts.rtm).toEqual({
      enrolled: true,
      devicePeriods: [{ start: '2026-02-20', end: '2026-03-21', daysWithTransmittedData: 18 }],
    });
    expect(reasons(march)).toContain('RPM_AND_RTM_SAME_PERIOD');
    expect(codes(march)).toEqual(['99453x1', '99454x1']);
    // February: RTM alone; no RPM, so nothing to drop.
    expect(months.get('2026-02')!.billing.facts.rtm).toEqual({
      enrolled: true,
      devicePeriods: [{ start: '2026-02-20', end: '2026-03-21', daysWithTransmittedData: 18 }],
    });
    expect(reasons(months.get('2026-02'))).not.toContain('RPM_AND_RTM_SAME_PERIOD');
    // January: before RTM, no block at all.
    expect(months.get('2026-01')!.billing.facts).not.toHaveProperty('rtm');
    expect(ledger?.billingFacts.rtmEpisodes).toEqual([
      {
        orderingPractitionerId: 'dr-baker',
        deviceType: 'musculoskeletal_system',
        enrolledOn: '2026-02-20',
        endedOn: '2026-03-25',
      },
    ]);
  });

  it('APCM-8: G0570 is billed with the APCM base by the same practitioner; the month reads the last service recorded', async () => {
    const s = new Scenario();
    await s.at('2026-01-05T14:00:00Z').practice();
    await apcmPatient(s, 'pt-bh');
    // February: recorded under dr-baker, then corrected by a later service under dr-adams.
    await s.at('2026-03-02T15:00:00Z').run('pt-bh', bh('bh-1', '2026-02', 'dr-baker'), 'care_manager');
    const before = foldPatientMonths(await s.events(), PRACTICE, 'pt-bh').months;
    expect(codes(before.get('2026-02'))).toEqual(['G0557x1']);
    expect(reasons(before.get('2026-02'))).toContain(
      'REQUIREMENT_NOT_MET:behavioralHealth.furnishedUnderPractitioner',
    );
    await s.run('pt-bh', bh('bh-2', '2026-02', 'dr-adams'));
    const { months } = foldPatientMonths(await s.events(), PRACTICE, 'pt-bh');
    const february = months.get('2026-02')!;
    expect(validateFacts(february.billing.facts).ok).toBe(true);
    expect(february.billing.facts.behavioralHealth).toEqual({
      service: 'general_BHI',
      furnishedUnderPractitioner: 'dr-adams',
      activitiesDocumented: ['PHQ-9 screening', 'Behavioral health care plan revised'],
    });
    expect(codes(february)).toEqual(['G0557x1', 'G0570x1']);
    // Only its service month carries it.
    expect(months.get('2026-01')!.billing.facts).not.toHaveProperty('behavioralHealth');
    expect(months.get('2026-03')!.billing.facts).not.toHaveProperty('behavioralHealth');
  });

  it('APCM-8: without an APCM base by the billing practitioner, G0570 is refused', async () => {
    const s = new Scenario();
    await s.at('2026-01-05T14:00:00Z').practice();
    await ccmPatient(s, 'pt-bh-ccm');
    await s.at('2026-03-02T15:00:00Z').run('pt-bh-ccm', bh('bh-1', '2026-03', 'dr-adams'));
    const march = foldPatientMonths(await s.events(), PRACTICE, 'pt-bh-ccm').months.get('2026-03')!;
    expect(codes(march)).not.toContain('G0570x1');
    expect(reasons(march)).toContain('APCM_ADDON_WITHOUT_SAME_PRACTITIONER_BASE:G0570');
  });

  it('SEL-6: an attempted PCM line beside billed CCM is refused by name; attempts add up in recording order', async () => {
    const s = new Scenario();
    await s.at('2026-01-05T14:00:00Z').practice();
    await ccmPatient(s, 'pt-attempt');
    await s.at('2026-03-20T15:00:00Z').logTime('pt-attempt', 'e1', '2026-03-10', '10:00', 25);
    await s.run(
      'pt-attempt',
      {
        type: 'RecordAttemptedClaimLines',
        data: { attemptId: 'a-1', serviceMonth: '2026-03', lines: [{ code: '99490', units: 1 }] },
      },
      'biller',
    );
    await s.run(
      'pt-attempt',
      {
        type: 'RecordAttemptedClaimLines',
        data: { attemptId: 'a-2', serviceMonth: '2026-03', lines: [{ code: '99424' }] },
      },
      'biller',
    );
    const { months } = foldPatientMonths(await s.events(), PRACTICE, 'pt-attempt');
    const march = months.get('2026-03')!;
    expect(validateFacts(march.billing.facts).ok).toBe(true);
    expect(march.billing.facts.attemptedClaimLines).toEqual([{ code: '99490', units: 1 }, { code: '99424' }]);
    expect(codes(march)).toEqual(['99490x1']);
    expect(reasons(march)).toContain('PCM_AND_CCM_SAME_PRACTITIONER:99424');
    expect(months.get('2026-02')!.billing.facts).not.toHaveProperty('attemptedClaimLines');
  });

  it('gives a month before the enrolment its document when lines are attempted for it', async () => {
    const s = new Scenario();
    await s.at('2026-03-05T14:00:00Z').practice();
    await s.enrol('pt-late');
    await s.run(
      'pt-late',
      {
        type: 'RecordAttemptedClaimLines',
        data: { attemptId: 'a-1', serviceMonth: '2026-01', lines: [{ code: '99490' }] },
      },
      'biller',
    );
    const { months } = foldPatientMonths(await s.events(), PRACTICE, 'pt-late');
    expect(months.get('2026-01')?.billing.facts.attemptedClaimLines).toEqual([{ code: '99490' }]);
  });
});
