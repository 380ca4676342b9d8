import type { ApiHarness } from './api-harness';
import { OTHER_PRACTICE_ID, PRACTICE_ID } from './api-harness';

export const practiceBody = (practiceId = PRACTICE_ID) => ({
  practiceId,
  name: 'Riverside Family Medicine',
  timeZone: 'America/Chicago',
  billingPractitioners: [
    { id: 'dr-adams', npi: '1234567893', credential: 'MD' },
    { id: 'dr-baker', npi: '1245319599', credential: 'NP' },
  ],
  staff: [
    { id: 'rn-lopez', role: 'clinical_staff', credential: 'RN' },
    { id: 'ma-chen', role: 'clinical_staff', credential: 'CMA' },
    { id: 'sched-kim', role: 'non_clinical_staff', credential: 'scheduler' },
  ],
});

export const enrolBody = (patientId: string) => ({
  patientId,
  dateOfBirth: '1948-05-02',
  billingPractitionerId: 'dr-adams',
  conditions: [
    {
      icd10: 'E11.9',
      description: 'Type 2 diabetes mellitus',
      expectedDuration: '12_months_or_more',
      significantRisk: true,
    },
    {
      icd10: 'I10',
      description: 'Essential hypertension',
      expectedDuration: '12_months_or_more',
      significantRisk: true,
    },
  ],
  careTeam: ['rn-lopez'],
});

export const allDisclosures = {
  availabilityAndScope: true,
  costSharing: true,
  rightToStopEffectiveMonthEnd: true,
  onePractitionerPerMonth: true,
};

export const consentBody = (overrides: Record<string, unknown> = {}) => ({
  method: 'verbal_by_phone',
  obtainedAt: '2026-03-02T10:15',
  obtainedBy: 'dr-adams',
  disclosures: allDisclosures,
  ...overrides,
});

export const carePlanElements = {
  problemList: ['Type 2 diabetes', 'Hypertension'],
  expectedOutcomeAndPrognosis: 'Stable with adherence',
  measurableGoals: ['HbA1c below 7.5% by September', 'Home BP below 140/90'],
  symptomManagement: 'Hypoglycaemia plan reviewed',
  plannedInterventions: [{ description: 'Monthly medication review', responsible: 'rn-lopez' }],
  medicationManagement: 'Metformin, lisinopril; adherence checked monthly',
  coordinationWithOutsideResources: 'Endocrinology referral; pharmacy synchronisation',
  periodicReview: 'Monthly by the care team, yearly full revision',
};

export const timeEntryBody = (entryId: string, overrides: Record<string, unknown> = {}) => ({
  entryId,
  performerRole: 'clinical_staff',
  program: 'CCM',
  activity: 'care_coordination_call',
  serviceDate: '2026-03-03',
  startTime: '10:00',
  minutes: 12,
  ...overrides,
});

/** Registers both practices once per harness. */
export async function registerPractices(api: ApiHarness): Promise<void> {
  for (const practiceId of [PRACTICE_ID, OTHER_PRACTICE_ID]) {
    await api.http
      .post('/practices')
      .set('Authorization', `Bearer ${api.token('admin', practiceId)}`)
      .send(practiceBody(practiceId))
      .expect(201);
  }
}

/** A patient enrolled, consented and with a care plan, ready for time and contacts. */
export async function enrolledPatient(
  api: ApiHarness,
  patientId: string,
  options: { consent?: boolean; carePlan?: boolean } = {},
): Promise<void> {
  await api.http
    .post('/patients')
    .set('Authorization', `Bearer ${api.token('admin')}`)
    .send(enrolBody(patientId))
    .expect(201);
  if (options.consent ?? true) {
    await api.http
      .post(`/patients/${patientId}/consent`)
      .set('Authorization', `Bearer ${api.token('practitioner')}`)
      .send(consentBody())
      .expect(201);
  }
  if (options.carePlan ?? false) {
    await api.http
      .post(`/patients/${patientId}/care-plan`)
      .set('Authorization', `Bearer ${api.token('practitioner')}`)
      .send({ elements: carePlanElements, establishedOn: '2026-03-02' })
      .expect(201);
  }
}
