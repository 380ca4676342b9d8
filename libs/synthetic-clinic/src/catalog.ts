import type { ConditionInput } from '@ccm/domain';

/**
 * Chronic conditions with roughly the prevalence seen among Medicare fee-for-service beneficiaries
 * (CMS Chronic Conditions Warehouse orders of magnitude), used to draw each patient's mix.
 */
export const CONDITIONS: readonly (readonly [ConditionInput, number])[] = [
  [
    {
      icd10: 'I10',
      description: 'Essential hypertension',
      expectedDuration: '12_months_or_more',
      significantRisk: true,
    },
    0.58,
  ],
  [
    {
      icd10: 'E78.5',
      description: 'Hyperlipidaemia',
      expectedDuration: '12_months_or_more',
      significantRisk: true,
    },
    0.47,
  ],
  [
    {
      icd10: 'M19.90',
      description: 'Osteoarthritis',
      expectedDuration: '12_months_or_more',
      significantRisk: true,
    },
    0.33,
  ],
  [
    {
      icd10: 'I25.10',
      description: 'Ischaemic heart disease',
      expectedDuration: '12_months_or_more',
      significantRisk: true,
    },
    0.29,
  ],
  [
    {
      icd10: 'E11.9',
      description: 'Type 2 diabetes mellitus',
      expectedDuration: '12_months_or_more',
      significantRisk: true,
    },
    0.27,
  ],
  [
    {
      icd10: 'N18.3',
      description: 'Chronic kidney disease, stage 3',
      expectedDuration: '12_months_or_more',
      significantRisk: true,
    },
    0.24,
  ],
  [
    {
      icd10: 'F32.9',
      description: 'Depression',
      expectedDuration: '12_months_or_more',
      significantRisk: true,
    },
    0.18,
  ],
  [
    {
      icd10: 'I50.9',
      description: 'Heart failure',
      expectedDuration: '12_months_or_more',
      significantRisk: true,
    },
    0.14,
  ],
  [
    {
      icd10: 'J44.9',
      description: 'Chronic obstructive pulmonary disease',
      expectedDuration: '12_months_or_more',
      significantRisk: true,
    },
    0.11,
  ],
  [
    {
      icd10: 'F03.90',
      description: 'Dementia',
      expectedDuration: '12_months_or_more',
      significantRisk: true,
    },
    0.11,
  ],
];

/** What the care team does in a CCM month (TIME-5), weighted by how often. */
export const ACTIVITIES: readonly (readonly [string, number])[] = [
  ['care_coordination_call', 30],
  ['medication_reconciliation', 15],
  ['care_plan_review', 12],
  ['specialist_coordination', 10],
  ['test_result_review', 10],
  ['secure_message_follow_up', 8],
  ['community_services_referral', 5],
  ['transition_of_care_follow_up', 5],
  ['prior_authorization', 3],
];

/** Monthly minute bands: many just over 20, some short, a few complex. */
export const MONTHLY_MINUTES: readonly (readonly [readonly [number, number], number])[] = [
  [[0, 0], 4],
  [[5, 19], 16],
  [[20, 35], 50],
  [[36, 59], 18],
  [[60, 95], 9],
  [[96, 150], 3],
];

/** The demo practice's roster: billing practitioners, clinical staff and schedulers. */
export const PRACTITIONERS = [
  { id: 'dr-adams', npi: '1234567893', credential: 'MD' },
  { id: 'dr-baker', npi: '1245319599', credential: 'DO' },
  { id: 'np-chen', npi: '1000000004', credential: 'NP' },
];
export const CLINICAL_STAFF = ['rn-lopez', 'rn-okafor', 'lpn-silva', 'cma-nguyen', 'cma-patel', 'rn-meyer'];
export const SCHEDULERS = ['sched-kim', 'sched-ross'];

/**
 * Names, streets and towns for demographics and the candidate panel. The family names are made up so
 * that no one takes a seeded record for a real person's; the phones are in 555-0100..0199, the range
 * set aside for fiction.
 */
export const GIVEN_NAMES = {
  female: ['Ada', 'Beatrix', 'Clara', 'Dorothy', 'Edith', 'Florence', 'Grace', 'Helen', 'Irene', 'June'],
  male: ['Albert', 'Bernard', 'Clarence', 'Douglas', 'Elmer', 'Frank', 'Gilbert', 'Harold', 'Irving', 'Jack'],
} as const;
export const FAMILY_NAMES = [
  'Demoson',
  'Samplewood',
  'Testerly',
  'Mockridge',
  'Fakeworth',
  'Exampleton',
  'Synthfield',
  'Placeholder',
  'Dummington',
  'Fictorio',
  'Seedwell',
  'Notreal',
];
export const STREETS = ['Elm St', 'Oak Ave', 'Maple Dr', 'Cedar Ln', 'Prairie Rd', 'Lincoln Way', 'Mill St'];
/** Towns of the demo practice's area (Illinois), each with a ZIP code of its own. */
export const TOWNS = [
  { city: 'Springfield', state: 'IL', zip: '62704' },
  { city: 'Chatham', state: 'IL', zip: '62629' },
  { city: 'Rochester', state: 'IL', zip: '62563' },
  { city: 'Sherman', state: 'IL', zip: '62684' },
  { city: 'Petersburg', state: 'IL', zip: '62675' },
] as const;
/** The area code of the practice's town; with 555-01xx, a number no one answers. */
export const AREA_CODE = '217';
