import { buildApcmFacts, buildFacts, entry, minutesBy, rpmBlock } from '../facts-builder';
import { behavioralHealth } from './apcm';
import { scenarioGroup } from './scenario';

/** A patient consented and last seen on 4 November of the year before `month`. */
const enrolledYearBefore = (month: string) => {
  const enrolled = `${Number(month.slice(0, 4)) - 1}-11-04`;
  return {
    serviceMonth: month,
    consent: { obtainedAt: `${enrolled}T10:20` },
    patient: { lastFaceToFaceVisitWithBillingPractitioner: enrolled },
  };
};

/** 25 + 20 staff minutes in `month`, care plan established when the patient enrolled. */
const ccmIn = (month: string) => {
  const base = enrolledYearBefore(month);
  return buildFacts({
    ...base,
    carePlan: { establishedAt: base.patient.lastFaceToFaceVisitWithBillingPractitioner },
    timeEntries: [entry(25, { date: `${month}-10` }), entry(20, { date: `${month}-11` })],
  });
};

/**
 * Year changes and fees (rpm-apcm-rules.spec.ts: CHG-2026-3; rule-sets.spec.ts: the CCM code set by year;
 * fees.spec.ts: PAYAMT-3).
 */
export const yearsAndFees = scenarioGroup({
  'CHG-2026-3: no 99445 or 99470 in 2025': {
    rules: ['CHG-2026-3', 'RPM-2'],
    facts: buildFacts({
      ...enrolledYearBefore('2025-03'),
      rpm: rpmBlock(10, {
        devicePeriods: [{ start: '2025-03-01', end: '2025-03-30', daysWithTransmittedData: 10 }],
      }),
      timeEntries: [entry(15, { date: '2025-03-10', program: 'RPM', interactiveCommunication: true })],
    }),
    expectedCodes: {},
  },
  'CHG-2026-3: no G0570 in 2025': {
    rules: ['CHG-2026-3', 'APCM-8'],
    facts: buildApcmFacts({
      ...enrolledYearBefore('2025-03'),
      behavioralHealth: { ...behavioralHealth, activitiesDocumented: ['x'] },
    }),
    expectedCodes: { G0557: 1 },
  },
  'CHG-2026-3: the CCM code set in 2024': {
    rules: ['CHG-2026-3'],
    facts: ccmIn('2024-03'),
    expectedCodes: { '99490': 1, '99439': 1 },
  },
  'CHG-2026-3: the CCM code set in 2025': {
    rules: ['CHG-2026-3'],
    facts: ccmIn('2025-03'),
    expectedCodes: { '99490': 1, '99439': 1 },
  },
  'CHG-2026-3: the CCM code set in 2026': {
    rules: ['CHG-2026-3'],
    facts: ccmIn('2026-03'),
    expectedCodes: { '99490': 1, '99439': 1 },
  },
  'PAYAMT-3, PAY-1: CCM beside RPM device and management codes': {
    rules: ['PAYAMT-3', 'PAY-1'],
    facts: buildFacts({
      rpm: rpmBlock(18),
      timeEntries: [
        ...minutesBy(45),
        ...minutesBy(25, { program: 'RPM', interactiveCommunication: true }, 20),
      ],
    }),
    expectedCodes: { '99490': 1, '99439': 1, '99454': 1, '99457': 1 },
  },
});
