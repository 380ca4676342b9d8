/**
 * The chronic conditions the eligibility finder counts: the chronic condition categories of the CMS
 * Chronic Conditions Data Warehouse (CCW), "CCW Chronic Conditions" (the 27 chronic condition categories
 * of the CCW condition list, ICD-10-CM era, www2.ccwdata.org "Condition Categories"), 25 here after the
 * two folds below, each with ICD-10-CM code prefixes.
 *
 * What this is and is not (docs/eligibility.md, "Chronic conditions"): the CCW's own algorithms also need
 * claim counts over reference periods and list exact codes; a panel from an EHR has diagnoses, not
 * claims, so here a category is met by any diagnosis whose code starts with one of its prefixes. The
 * prefixes were written from the CCW categories as this project knows them, not copied from the CCW's
 * code files, so they are a screen for outreach, never an attestation: the billing practitioner still
 * attests the conditions at enrolment (PatientEnrolled). Alzheimer's disease is folded into its related
 * disorders category and acute myocardial infarction into ischemic heart disease, so that one diagnosis
 * never makes two of the categories counted.
 */
export const CHRONIC_CONDITION_LIST = {
  source: 'CMS Chronic Conditions Data Warehouse (CCW) chronic condition categories',
  version: 'CCW 27 chronic conditions, ICD-10-CM prefixes, ccm-core edition 2026-1',
} as const;

export interface ChronicConditionCategory {
  readonly id: string;
  readonly name: string;
  /** ICD-10-CM codes without their dot, as prefixes: `E11` is every code of type 2 diabetes. */
  readonly icd10Prefixes: readonly string[];
}

export const CCW_CHRONIC_CONDITIONS: readonly ChronicConditionCategory[] = [
  { id: 'hypothyroidism', name: 'Acquired hypothyroidism', icd10Prefixes: ['E03', 'E890'] },
  {
    id: 'alzheimers_related_dementia',
    name: 'Alzheimer’s disease and related disorders or senile dementia',
    icd10Prefixes: ['F01', 'F02', 'F03', 'G30', 'G310', 'G311', 'G3183'],
  },
  {
    id: 'anemia',
    name: 'Anemia',
    icd10Prefixes: [
      'D50',
      'D51',
      'D52',
      'D53',
      'D55',
      'D56',
      'D57',
      'D58',
      'D59',
      'D60',
      'D61',
      'D62',
      'D63',
      'D64',
    ],
  },
  { id: 'asthma', name: 'Asthma', icd10Prefixes: ['J45'] },
  { id: 'atrial_fibrillation', name: 'Atrial fibrillation', icd10Prefixes: ['I48'] },
  { id: 'benign_prostatic_hyperplasia', name: 'Benign prostatic hyperplasia', icd10Prefixes: ['N40'] },
  { id: 'breast_cancer', name: 'Breast cancer', icd10Prefixes: ['C50', 'D05'] },
  { id: 'cataract', name: 'Cataract', icd10Prefixes: ['H25', 'H26', 'H28'] },
  {
    id: 'chronic_kidney_disease',
    name: 'Chronic kidney disease',
    icd10Prefixes: ['N18', 'N03', 'N05', 'N25', 'I12', 'I13', 'E0822', 'E1022', 'E1122', 'E1322'],
  },
  {
    id: 'copd',
    name: 'Chronic obstructive pulmonary disease and bronchiectasis',
    icd10Prefixes: ['J41', 'J42', 'J43', 'J44', 'J47'],
  },
  {
    id: 'colorectal_cancer',
    name: 'Colorectal cancer',
    icd10Prefixes: ['C18', 'C19', 'C20', 'D010', 'D011', 'D012'],
  },
  { id: 'depression', name: 'Depression', icd10Prefixes: ['F32', 'F33', 'F341', 'F4321'] },
  { id: 'diabetes', name: 'Diabetes', icd10Prefixes: ['E08', 'E09', 'E10', 'E11', 'E13'] },
  { id: 'endometrial_cancer', name: 'Endometrial cancer', icd10Prefixes: ['C54', 'C55'] },
  { id: 'glaucoma', name: 'Glaucoma', icd10Prefixes: ['H40', 'H42'] },
  { id: 'heart_failure', name: 'Heart failure', icd10Prefixes: ['I50', 'I110', 'I130', 'I132'] },
  { id: 'hip_pelvic_fracture', name: 'Hip / pelvic fracture', icd10Prefixes: ['S72', 'S32'] },
  { id: 'hyperlipidemia', name: 'Hyperlipidemia', icd10Prefixes: ['E78'] },
  { id: 'hypertension', name: 'Hypertension', icd10Prefixes: ['I10', 'I11', 'I12', 'I13', 'I15', 'I16'] },
  {
    id: 'ischemic_heart_disease',
    name: 'Ischemic heart disease (acute myocardial infarction included)',
    icd10Prefixes: ['I20', 'I21', 'I22', 'I23', 'I24', 'I25'],
  },
  { id: 'lung_cancer', name: 'Lung cancer', icd10Prefixes: ['C33', 'C34'] },
  { id: 'osteoporosis', name: 'Osteoporosis', icd10Prefixes: ['M80', 'M81'] },
  { id: 'prostate_cancer', name: 'Prostate cancer', icd10Prefixes: ['C61'] },
  {
    id: 'arthritis',
    name: 'Rheumatoid arthritis / osteoarthritis',
    icd10Prefixes: ['M05', 'M06', 'M15', 'M16', 'M17', 'M18', 'M19'],
  },
  { id: 'stroke_tia', name: 'Stroke / transient ischemic attack', icd10Prefixes: ['I63', 'G45'] },
];
