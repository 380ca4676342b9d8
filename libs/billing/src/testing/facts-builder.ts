import type {
  BillingPractitioner,
  CarePlan,
  Consent,
  InitiatingVisit,
  Patient,
  PatientMonthFacts,
  Payer,
  Performer,
  TimeEntry,
  TrackPolicy,
} from '../facts';

/** Test support: facts documents for one patient-month, valid and billable unless a test changes them. */

export const DR: Performer = { id: 'dr-adams', role: 'physician_qhp', credential: 'MD' };
export const OTHER_DR: Performer = { id: 'dr-baker', role: 'physician_qhp', credential: 'MD' };
export const RN: Performer = { id: 'rn-lopez', role: 'clinical_staff', credential: 'RN' };
export const MA: Performer = { id: 'ma-chen', role: 'clinical_staff', credential: 'CMA' };
export const SCHEDULER: Performer = { id: 'sched-diaz', role: 'non_clinical_staff', credential: 'scheduler' };

export const MONTH = '2026-03';

export interface FactsPatch extends Partial<
  Omit<
    PatientMonthFacts,
    'payer' | 'billingPractitioner' | 'patient' | 'consent' | 'initiatingVisit' | 'carePlan' | 'trackPolicy'
  >
> {
  payer?: Partial<Payer>;
  billingPractitioner?: Partial<BillingPractitioner>;
  patient?: Partial<Patient>;
  consent?: Partial<Consent>;
  initiatingVisit?: Partial<InitiatingVisit>;
  carePlan?: Partial<CarePlan>;
  trackPolicy?: Partial<TrackPolicy>;
}

/** An established two-condition CCM patient of dr-adams, consented in 2025, no time logged yet (like CCM-002). */
export function buildFacts(patch: FactsPatch = {}): PatientMonthFacts {
  const { payer, billingPractitioner, patient, consent, initiatingVisit, carePlan, trackPolicy, ...rest } =
    patch;
  return {
    serviceMonth: MONTH,
    mdmThisMonth: 'low',
    timeEntries: [],
    otherServicesThisMonth: [],
    otherPractitionerClaimsThisMonth: [],
    ...rest,
    payer: { type: 'medicare_part_b', qmb: false, ...payer },
    billingPractitioner: {
      id: DR.id,
      credential: 'MD',
      role: 'physician_qhp',
      specialty: 'family_medicine',
      ...billingPractitioner,
    },
    patient: {
      isNewToBillingPractitioner: false,
      lastFaceToFaceVisitWithBillingPractitioner: '2025-11-04',
      chronicConditions: [
        {
          name: 'type 2 diabetes mellitus',
          icd10: 'E11.9',
          expectedDuration: '12_months_or_more',
          significantRisk: true,
        },
        {
          name: 'essential hypertension',
          icd10: 'I10',
          expectedDuration: '12_months_or_more',
          significantRisk: true,
        },
      ],
      qualifyingChronicConditionCount: 2,
      inpatientStays: [],
      ...patient,
    },
    consent: {
      program: 'CCM',
      status: 'active',
      obtainedAt: '2025-11-04T10:20',
      method: 'verbal',
      documentedInRecord: true,
      elementsExplained: [
        'availability_and_scope',
        'cost_sharing',
        'right_to_stop_effective_month_end',
        'one_practitioner_per_month',
      ],
      accepted: true,
      billingPractitionerId: DR.id,
      revokedAt: null,
      ...consent,
    },
    initiatingVisit: { required: false, reason: 'established patient', ...initiatingVisit },
    carePlan: {
      status: 'in_force',
      establishedAt: '2025-11-04',
      establishedOrSignedBy: DR.id,
      electronic: true,
      copyGivenToPatient: true,
      activityThisMonth: 'monitored',
      ...carePlan,
    },
    trackPolicy: { preferred: 'ccm_noncomplex_staff', fallback: null, ...trackPolicy },
  };
}

let counter = 0;

/** One time entry; defaults: RN, CCM, active, 2026-03-10 at 10:00. */
export function entry(minutes: number, patch: Partial<TimeEntry> = {}): TimeEntry {
  counter += 1;
  return {
    id: `t${counter}`,
    date: '2026-03-10',
    start: '10:00',
    minutes,
    performer: RN,
    activity: 'care_coordination_call',
    program: 'CCM',
    status: 'active',
    ...patch,
  };
}

/**
 * `total` minutes by `performer` as non-overlapping entries of at most 25 minutes, one per day from the
 * 2nd of the month, so minutes and dates are easy to reason about.
 */
export function minutesBy(total: number, patch: Partial<TimeEntry> = {}, firstDay = 2): TimeEntry[] {
  const out: TimeEntry[] = [];
  let day = firstDay;
  for (let left = total; left > 0; left -= 25) {
    out.push(entry(Math.min(25, left), { date: `2026-03-${String(day).padStart(2, '0')}`, ...patch }));
    day += 1;
  }
  return out;
}

/**
 * PCM-ready facts: PCM consent, and a plan specific to one of the patient's conditions (E11.9) with its
 * attestation. The focus is a condition the patient has, as a record requires (the api refuses a
 * disease-specific plan for any other), so the documents mean the same through the api.
 */
export function buildPcmFacts(patch: FactsPatch = {}): PatientMonthFacts {
  return buildFacts({
    pcmConditionAttestation: {
      expectedDurationMonthsAtLeast: 6,
      riskOfHospitalizationOrDecline: true,
      frequentMedicationAdjustment: true,
      ongoingCoordinationNeeded: true,
    },
    ...patch,
    consent: { program: 'PCM', ...patch.consent },
    carePlan: { type: 'disease_specific', focusCondition: 'E11.9', ...patch.carePlan },
    trackPolicy: { preferred: 'pcm_staff', ...patch.trackPolicy },
  });
}

/** APCM-ready facts: APCM consent and practice attestation. */
export function buildApcmFacts(patch: FactsPatch = {}): PatientMonthFacts {
  return buildFacts({
    apcm: { practitionerResponsibleForAllPrimaryCare: true, serviceElementsInPlace: true },
    ...patch,
    consent: { program: 'APCM', ...patch.consent },
    trackPolicy: { preferred: 'apcm', ...patch.trackPolicy },
  });
}

/** RPM block of an established, consented patient (set-up already billed). */
export function rpmBlock(
  days: number,
  patch: Partial<NonNullable<PatientMonthFacts['rpm']>> = {},
): NonNullable<PatientMonthFacts['rpm']> {
  return {
    enrolled: true,
    consentDocumented: true,
    establishedPatient: true,
    deviceType: 'blood_pressure_cuff',
    setupAndEducationBilledPreviously: true,
    devicePeriods: [{ start: '2026-03-01', end: '2026-03-30', daysWithTransmittedData: days }],
    ...patch,
  };
}
