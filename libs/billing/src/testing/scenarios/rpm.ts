import { OTHER_DR, buildFacts, entry, minutesBy, rpmBlock } from '../facts-builder';
import { scenarioGroup } from './scenario';

/** `total` RPM management minutes from the 10th, with (or without) an interactive call. */
export const rpmMinutes = (total: number, interactive = true) =>
  minutesBy(total, { program: 'RPM', interactiveCommunication: interactive }, 10);

/** An enrolled RPM patient with no device period in the month and `minutes` of management time. */
const management = (minutes: number, interactive = true) =>
  buildFacts({ rpm: rpmBlock(0, { devicePeriods: [] }), timeEntries: rpmMinutes(minutes, interactive) });

/** Remote physiologic monitoring (rpm-apcm-rules.spec.ts: RPM). */
export const rpm = scenarioGroup({
  'RPM-1: device periods by start month, management minutes by calendar month': {
    rules: ['RPM-1'],
    facts: buildFacts({
      rpm: rpmBlock(0, {
        devicePeriods: [
          { start: '2026-02-14', end: '2026-03-15', daysWithTransmittedData: 20 },
          { start: '2026-03-16', end: '2026-04-14', daysWithTransmittedData: 18 },
        ],
      }),
      timeEntries: [
        entry(25, { id: 'feb', date: '2026-02-27', program: 'RPM', interactiveCommunication: true }),
      ],
    }),
    expectedCodes: { '99454': 1 },
  },
  'RPM-2: 16 device days': {
    rules: ['RPM-2'],
    facts: buildFacts({ rpm: rpmBlock(16) }),
    expectedCodes: { '99454': 1 },
  },
  'RPM-2: 15 device days': {
    rules: ['RPM-2'],
    facts: buildFacts({ rpm: rpmBlock(15) }),
    expectedCodes: { '99445': 1 },
  },
  'RPM-2: 1 device day': { rules: ['RPM-2'], facts: buildFacts({ rpm: rpmBlock(1) }), expectedCodes: {} },
  'RPM-2: 20 management minutes with an interactive call': {
    rules: ['RPM-2'],
    facts: management(20),
    expectedCodes: { '99457': 1 },
  },
  'RPM-2: 12 management minutes with an interactive call': {
    rules: ['RPM-2'],
    facts: management(12),
    expectedCodes: { '99470': 1 },
  },
  'RPM-2: 30 management minutes without an interactive call': {
    rules: ['RPM-2'],
    facts: management(30, false),
    expectedCodes: {},
  },
  'RPM-3: management billed without device days': {
    rules: ['RPM-3'],
    facts: buildFacts({ rpm: rpmBlock(1), timeEntries: rpmMinutes(20) }),
    expectedCodes: { '99457': 1 },
  },
  'RPM-3: device days billed without management time': {
    rules: ['RPM-3'],
    facts: buildFacts({ rpm: rpmBlock(20), timeEntries: rpmMinutes(5) }),
    expectedCodes: { '99454': 1 },
  },
  'RPM-4: RPM and RTM in the same period': {
    rules: ['RPM-4'],
    facts: buildFacts({ rpm: rpmBlock(20), rtm: { enrolled: true } }),
    expectedCodes: { '99454': 1 },
  },
  'RPM-4: another practitioner billed the device period': {
    rules: ['RPM-4'],
    facts: buildFacts({
      rpm: rpmBlock(20),
      otherPractitionerClaimsThisMonth: [{ practitionerId: OTHER_DR.id, code: '99454' }],
    }),
    expectedCodes: {},
  },
  'RPM-5: RPM for a patient who is not established': {
    rules: ['RPM-5'],
    facts: buildFacts({ rpm: rpmBlock(20, { establishedPatient: false }), timeEntries: rpmMinutes(20) }),
    expectedCodes: {},
  },
  'RPM-5: RPM without a documented RPM consent': {
    rules: ['RPM-5'],
    facts: buildFacts({ rpm: rpmBlock(20, { consentDocumented: false }), timeEntries: rpmMinutes(20) }),
    expectedCodes: {},
  },
  'RPM-6: set-up billed beside a billed device period': {
    rules: ['RPM-6'],
    facts: buildFacts({ rpm: rpmBlock(3, { setupAndEducationBilledPreviously: false }) }),
    expectedCodes: { '99445': 1, '99453': 1 },
  },
  'RPM-6: set-up billed before': {
    rules: ['RPM-6'],
    facts: buildFacts({ rpm: rpmBlock(20, { setupAndEducationBilledPreviously: true }) }),
    expectedCodes: { '99454': 1 },
  },
  'RPM-6: no set-up without a billed device period': {
    rules: ['RPM-6'],
    facts: buildFacts({ rpm: rpmBlock(1, { setupAndEducationBilledPreviously: false }) }),
    expectedCodes: {},
  },
  'RPM-6: before 2026 the set-up needs the 16-day period': {
    rules: ['RPM-6'],
    facts: buildFacts({
      serviceMonth: '2025-03',
      consent: { obtainedAt: '2024-11-04T10:20' },
      patient: { lastFaceToFaceVisitWithBillingPractitioner: '2024-11-04' },
      rpm: rpmBlock(10, {
        setupAndEducationBilledPreviously: false,
        devicePeriods: [{ start: '2025-03-01', end: '2025-03-30', daysWithTransmittedData: 10 }],
      }),
    }),
    expectedCodes: {},
  },
  'RPM-7, EXCL-4: RPM and CCM in the same month': {
    rules: ['RPM-7', 'EXCL-4'],
    facts: buildFacts({ rpm: rpmBlock(18), timeEntries: [...minutesBy(20), ...rpmMinutes(20)] }),
    expectedCodes: { '99490': 1, '99454': 1, '99457': 1 },
  },
  'RPM-8: 60 management minutes': {
    rules: ['RPM-8'],
    facts: management(60),
    expectedCodes: { '99457': 1, '99458': 2 },
  },
  'RPM-8: 100 management minutes reach the 99458 cap': {
    rules: ['RPM-8'],
    facts: management(100),
    expectedCodes: { '99457': 1, '99458': 3 },
  },
});
