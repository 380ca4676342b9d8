import type { PatientEvent } from '@ccm/domain';
import { describeEvent } from './describe-event';

const observation = (measurement: object, source: object): PatientEvent =>
  ({
    type: 'ClinicalObservationRecorded',
    data: {
      observationId: 'obs-1',
      measurement,
      takenAt: '2026-03-10T09:30',
      source,
      recordedBy: 'rn-lopez',
    },
  }) as PatientEvent;

describe('timeline lines of observations, utilisation and satisfaction', () => {
  it('name the kind, the time and the source of an observation, never its value', () => {
    const bp = describeEvent(
      observation({ kind: 'blood_pressure', systolicMmHg: 187, diastolicMmHg: 111 }, { type: 'staff' }),
    );
    expect(bp).toBe('Blood pressure observation taken 2026-03-10 09:30, entered by staff');
    expect(bp).not.toMatch(/187|111/);
    expect(
      describeEvent(observation({ kind: 'a1c', a1cPercent: 9.3 }, { type: 'imported', system: 'Epic' })),
    ).toBe('A1c observation taken 2026-03-10 09:30, imported from Epic');
    expect(
      describeEvent(
        observation(
          { kind: 'glucose', glucoseMgDl: 143, glucoseTiming: 'fasting' },
          { type: 'rpm_device', rpmPeriodId: 'p-1' },
        ),
      ),
    ).toBe('Fasting glucose observation taken 2026-03-10 09:30, from RPM device period p-1');
    const weight = describeEvent(
      observation(
        { kind: 'weight', weightKg: 81.6, enteredAs: { value: 180, unit: 'lb' } },
        { type: 'staff' },
      ),
    );
    expect(weight).toBe('Weight observation taken 2026-03-10 09:30, entered by staff');
    expect(weight).not.toMatch(/81|180/);
  });

  it('say a correction or void happened, without the new value or the free-text reason', () => {
    const corrected = describeEvent({
      type: 'ClinicalObservationCorrected',
      data: {
        observationId: 'obs-1',
        measurement: { kind: 'a1c', a1cPercent: 8.4 },
        takenAt: '2026-03-09T08:00',
        reason: 'Lab sent 8.4, not 4.8',
        correctedBy: 'rn-lopez',
      },
    });
    expect(corrected).toBe('A1c observation obs-1 corrected by rn-lopez (taken 2026-03-09 08:00)');
    expect(corrected).not.toMatch(/8\.4|4\.8|Lab/);
    expect(
      describeEvent({
        type: 'ClinicalObservationVoided',
        data: { observationId: 'obs-1', reason: 'wrong patient', voidedBy: 'rn-lopez' },
      }),
    ).toBe('Observation obs-1 marked entered in error by rn-lopez');
  });

  it('describe an ED visit with its facility and reason code, and a survey without its scores', () => {
    expect(
      describeEvent({
        type: 'EmergencyVisitRecorded',
        data: {
          visitId: 'ed-1',
          visitDate: '2026-03-12',
          facility: 'Mercy ED',
          reasonCode: 'I50.9',
          recordedBy: 'u',
        },
      }),
    ).toBe('Emergency department visit on 2026-03-12 at Mercy ED (I50.9)');
    expect(
      describeEvent({
        type: 'EmergencyVisitRecorded',
        data: { visitId: 'ed-2', visitDate: '2026-03-13', facility: 'Mercy ED', recordedBy: 'u' },
      }),
    ).toBe('Emergency department visit on 2026-03-13 at Mercy ED');
    const survey = describeEvent({
      type: 'SatisfactionSurveyRecorded',
      data: {
        surveyId: 's-1',
        completedOn: '2026-03-20',
        instrument: 'CCM satisfaction v1',
        scale: { min: 1, max: 5 },
        overallScore: 2,
        items: [{ item: 'Easy to reach', score: 1 }],
        recordedBy: 'rn-lopez',
      },
    });
    expect(survey).toBe(
      'Satisfaction survey (CCM satisfaction v1) completed on 2026-03-20, 1 item, recorded by rn-lopez',
    );
  });
});
