import { describeEvent } from './describe-event';

describe('timeline lines of RTM, behavioural health and attempted claim lines', () => {
  it('say what was recorded, without the free text of documented activities', () => {
    expect(
      describeEvent({
        type: 'RtmEnrolled',
        data: {
          orderingPractitionerId: 'dr-baker',
          enrolledOn: '2026-03-01',
          deviceType: 'respiratory_system',
          recordedBy: 'u',
        },
      }),
    ).toBe('Enrolled in RTM on 2026-03-01 (respiratory system), ordered by dr-baker');
    expect(
      describeEvent({
        type: 'RtmDevicePeriodRecorded',
        data: {
          periodId: 'p',
          start: '2026-03-01',
          end: '2026-03-30',
          daysWithTransmittedData: 12,
          recordedBy: 'u',
        },
      }),
    ).toBe('RTM device period 2026-03-01 to 2026-03-30: 12 days with transmitted data');
    expect(
      describeEvent({ type: 'RtmEnded', data: { endedOn: '2026-03-31', reason: 'done', recordedBy: 'u' } }),
    ).toBe('RTM ended on 2026-03-31: done');
    expect(
      describeEvent({
        type: 'BehavioralHealthServiceRecorded',
        data: {
          serviceId: 'bh-1',
          serviceMonth: '2026-03',
          service: 'general_BHI',
          furnishedUnderPractitioner: 'dr-adams',
          activitiesDocumented: ['PHQ-9 screening', 'Plan revised'],
          recordedBy: 'u',
        },
      }),
    ).toBe('Behavioral health (general BHI) for 2026-03 under dr-adams: 2 activities documented');
    expect(
      describeEvent({
        type: 'ClaimLinesAttempted',
        data: {
          attemptId: 'a-1',
          serviceMonth: '2026-03',
          lines: [{ code: '99424' }, { code: '99490', units: 1 }],
          recordedBy: 'u',
        },
      }),
    ).toBe('Claim lines attempted for 2026-03: 99424, 99490 x1');
  });
});

describe('timeline lines of an enrolment and an added condition', () => {
  it('say when they happened, as a patient moved from another system has them', () => {
    const diabetes = {
      icd10: 'E11.9',
      description: 'Type 2 diabetes mellitus',
      expectedDuration: '12_months_or_more' as const,
      significantRisk: true,
      attestedBy: 'dr-adams',
      attestedOn: '2025-11-04',
    };
    expect(
      describeEvent({
        type: 'PatientEnrolled',
        data: {
          patientId: 'pt-1',
          practiceId: 'riverside',
          dateOfBirth: '1948-05-02',
          billingPractitionerId: 'dr-adams',
          conditions: [diabetes],
          careTeam: ['rn-lopez'],
          enrolledOn: '2025-11-04',
        },
      }),
    ).toBe(
      'Enrolled in CCM on 2025-11-04 with billing practitioner dr-adams; conditions E11.9; care team rn-lopez',
    );
    expect(describeEvent({ type: 'ConditionAdded', data: { condition: diabetes } })).toBe(
      'Condition added: E11.9 Type 2 diabetes mellitus (12 months or more, significant risk), attested on 2025-11-04 by dr-adams',
    );
  });
});
