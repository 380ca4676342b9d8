import type { PatientMonthFacts } from '@ccm/billing';

/** Every field present and not null, all the way down: the compiler makes the sample below complete. */
type Complete<T> = T extends readonly (infer U)[]
  ? Complete<U>[]
  : T extends object
    ? { [K in keyof T]-?: Complete<NonNullable<T[K]>> }
    : T;

/**
 * A facts document with every field of PatientMonthFacts filled in (values are placeholders). Adding a
 * field to the format without adding it here fails to compile; `fieldPaths` lists what it holds.
 */
const EVERY_FIELD: Complete<PatientMonthFacts> = {
  serviceMonth: '2026-03',
  payer: { type: 'medicare_part_b', qmb: false, medicaid: 'full' },
  billingPractitioner: { id: 'dr', role: 'physician_qhp', credential: 'MD', specialty: 'family_medicine' },
  patient: {
    chronicConditions: [
      { name: 'x', icd10: 'I10', expectedDuration: '12_months_or_more', significantRisk: true },
    ],
    qualifyingChronicConditionCount: 1,
    isNewToBillingPractitioner: false,
    lastFaceToFaceVisitWithBillingPractitioner: '2026-01-01',
    inpatientStays: [{ type: 'acute_hospital_inpatient', admit: '2026-03-01', discharge: '2026-03-02' }],
  },
  consent: {
    program: 'CCM',
    status: 'active',
    obtainedAt: '2026-01-01T10:00',
    method: 'verbal',
    documentedInRecord: true,
    accepted: true,
    elementsExplained: ['cost_sharing'],
    billingPractitionerId: 'dr',
    revokedAt: '2026-03-10T10:00',
    history: [{ obtainedAt: '2024-01-01', revokedAt: '2024-06-01' }],
  },
  initiatingVisit: {
    required: false,
    reason: 'x',
    status: 'completed',
    date: '2026-01-01',
    code: '99214',
    billingPractitionerId: 'dr',
    performedBy: 'rn',
    ccmDiscussedAndDocumented: true,
    extensiveAssessmentAndCarePlanningByPractitioner: false,
    g0506PreviouslyBilled: false,
    g0506PreviousDate: '2025-01-01',
  },
  carePlan: {
    status: 'in_force',
    establishedOrSignedBy: 'dr',
    establishedAt: '2026-01-01',
    draftedBy: 'dr',
    electronic: true,
    copyGivenToPatient: true,
    activityThisMonth: 'monitored',
    type: 'comprehensive',
    focusCondition: 'I10',
    substantiallyRevisedThisMonth: false,
  },
  trackPolicy: { preferred: 'ccm_noncomplex_staff', fallback: 'ccm_practitioner' },
  mdmThisMonth: 'low',
  timeEntries: [
    {
      id: 'e1',
      date: '2026-03-02',
      start: '10:00',
      minutes: 10,
      endsAt: '2026-03-02T10:10',
      performer: { id: 'rn', role: 'clinical_staff', credential: 'RN' },
      program: 'CCM',
      status: 'active',
      activity: 'x',
      supersedes: 'e0',
      supersededBy: 'e2',
      correctedAt: 'x',
      correctedBy: 'x',
      correctionReason: 'x',
      voidedAt: 'x',
      voidedBy: 'x',
      voidReason: 'x',
      reallocatedFrom: ['CCM'],
      reallocationEventAt: 'x',
      reallocatedBy: 'x',
      jointWith: ['x'],
      faceToFace: false,
      duringBilledEm: '99214',
      outcome: 'unsuccessful',
      patientContact: false,
      interactiveCommunication: false,
    },
  ],
  otherServicesThisMonth: [{ code: '99214', practitionerId: 'dr', date: '2026-03-01', servicePeriod: 'x' }],
  otherPractitionerClaimsThisMonth: [
    { practitionerId: 'x', code: '99490', serviceMonth: '2026-03', status: 'paid' },
  ],
  rpm: {
    enrolled: true,
    consentDocumented: true,
    establishedPatient: true,
    deviceType: 'x',
    setupAndEducationBilledPreviously: false,
    devicePeriods: [{ start: '2026-03-01', end: '2026-03-30', daysWithTransmittedData: 16 }],
  },
  rtm: {
    enrolled: true,
    devicePeriods: [{ start: '2026-03-01', end: '2026-03-30', daysWithTransmittedData: 16 }],
  },
  apcm: { practitionerResponsibleForAllPrimaryCare: true, serviceElementsInPlace: true },
  pcmConditionAttestation: {
    expectedDurationMonthsAtLeast: 3,
    riskOfHospitalizationOrDecline: true,
    frequentMedicationAdjustment: true,
    ongoingCoordinationNeeded: true,
  },
  behavioralHealth: { service: 'general_BHI', furnishedUnderPractitioner: 'dr', activitiesDocumented: ['x'] },
  attemptedClaimLines: [{ code: '99424', units: 1 }],
};

function walk(value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value) && typeof value[0] === 'object') {
    walk(value[0], `${path}[]`, out);
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value)) walk(v, path ? `${path}.${key}` : key, out);
  } else {
    out.push(path);
  }
}

/** Every field of PatientMonthFacts that holds a value or a list of values (`timeEntries[].performer.id`). */
export function fieldPaths(): string[] {
  const out: string[] = [];
  walk(EVERY_FIELD, '', out);
  return out;
}
