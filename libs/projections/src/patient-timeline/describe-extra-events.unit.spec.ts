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
