import type { PatientMonthFacts } from '@ccm/billing';
import { buildFacts, entry } from '@ccm/billing/testing/facts-builder';

/**
 * Counter-examples the facts-through-api property found (shrunk), kept as explicit cases. Each must be
 * decided through the api as decide(coherent(facts)) decides it, recorded in `timeZone` and `order` when
 * given; `codes` pins the codes.
 */
export interface Regression {
  readonly name: string;
  readonly facts: PatientMonthFacts;
  readonly timeZone?: string;
  readonly order?: number;
  readonly codes: string;
}

export const REGRESSIONS: readonly Regression[] = [
  {
    // Found with the practice in America/Chicago: the api answered 422 LOCAL_TIME_SKIPPED (02:30 on
    // 8 March 2026 never happened there). The tool records such a document in UTC.
    name: 'an entry in the spring-forward gap of the practice zone is recorded in a zone whose clock showed it',
    facts: buildFacts({ timeEntries: [entry(25, { id: 'gap', date: '2026-03-08', start: '02:30' })] }),
    timeZone: 'America/Chicago',
    codes: '99490x1',
  },
  {
    // Found with commands interleaved: the month lists other practitioners' claims in recording order,
    // the document in its own; the lists compare as sets (the decision never depended on their order).
    name: 'EXCL-7: other practitioners’ claims recorded in another order are the same claims',
    facts: buildFacts({
      timeEntries: [entry(25, { id: 'e1' })],
      otherPractitionerClaimsThisMonth: [
        { practitionerId: 'dr-baker', code: '99424', serviceMonth: '2026-03', status: 'paid' },
        { practitionerId: 'dr-baker', code: '99457', serviceMonth: '2026-03', status: 'denied' },
      ],
    }),
    order: 4,
    codes: '99490x1',
  },
  {
    // Found with commands interleaved (the property's shrunk document, as found): two stays admitted the
    // same day were listed in recording order (a stable sort on admission alone), so the month's facts
    // depended on it. They now have a total order (byAdmission).
    name: 'two inpatient stays admitted the same day are listed alike in whatever order they were recorded',
    facts: {
      serviceMonth: '2025-10',
      payer: {
        type: 'medicare_part_b',
        qmb: true,
      },
      billingPractitioner: {
        id: 'dr-adams',
        credential: 'MD',
        role: 'physician_qhp',
        specialty: 'family_medicine',
      },
      patient: {
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
        qualifyingChronicConditionCount: 0,
        isNewToBillingPractitioner: false,
        lastFaceToFaceVisitWithBillingPractitioner: null,
        inpatientStays: [
          {
            type: 'acute_hospital_inpatient',
            admit: '2025-10-06',
            discharge: null,
          },
          {
            type: 'acute_hospital_inpatient',
            admit: '2025-10-06',
            discharge: '2025-10-06',
          },
        ],
      },
      consent: {
        program: 'APCM',
        status: 'active',
        obtainedAt: '2025-09-01T00:00',
        method: 'verbal',
        billingPractitionerId: 'dr-adams',
        documentedInRecord: true,
        accepted: true,
        elementsExplained: [
          'availability_and_scope',
          'cost_sharing',
          'right_to_stop_effective_month_end',
          'one_practitioner_per_month',
        ],
        revokedAt: null,
      },
      initiatingVisit: {
        date: '2025-09-01',
        code: '99214',
        ccmDiscussedAndDocumented: true,
        extensiveAssessmentAndCarePlanningByPractitioner: false,
        required: false,
        status: 'completed',
        reason: 'generated',
        billingPractitionerId: 'dr-adams',
        g0506PreviouslyBilled: false,
      },
      carePlan: {
        status: 'in_force',
        establishedAt: '2025-09-01',
        electronic: true,
        copyGivenToPatient: true,
        activityThisMonth: null,
        substantiallyRevisedThisMonth: false,
        establishedOrSignedBy: 'dr-adams',
        draftedBy: 'dr-adams',
        type: 'comprehensive',
        focusCondition: null,
      },
      trackPolicy: {
        preferred: 'apcm_bh_addon',
        fallback: 'apcm',
      },
      mdmThisMonth: null,
      timeEntries: [
        {
          id: 'e0',
          date: '2025-10-01',
          start: '00:00',
          minutes: 3,
          performer: {
            id: 'rn-lopez',
            role: 'clinical_staff',
            credential: 'RN',
          },
          program: 'CCM',
          status: 'active',
          outcome: null,
          activity: 'care_coordination_call',
          faceToFace: false,
          interactiveCommunication: false,
        },
      ],
      otherServicesThisMonth: [],
      otherPractitionerClaimsThisMonth: [],
      rpm: {
        enrolled: true,
        consentDocumented: true,
        establishedPatient: true,
        deviceType: 'blood_pressure_cuff',
        setupAndEducationBilledPreviously: false,
        devicePeriods: [
          {
            start: '2025-10-01',
            end: '2025-10-30',
            daysWithTransmittedData: 0,
          },
        ],
      },
      apcm: {
        practitionerResponsibleForAllPrimaryCare: true,
        serviceElementsInPlace: true,
      },
      behavioralHealth: {
        service: 'general_BHI',
        furnishedUnderPractitioner: 'dr-adams',
        activitiesDocumented: [],
      },
    } as PatientMonthFacts,
    order: 2046687094,
    codes: 'G0558x1',
  },
];
