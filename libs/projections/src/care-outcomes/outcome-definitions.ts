import type { Definition } from './outcome-figures';

const year = (month: string) => `the 12 calendar months ending with ${month}`;

/** How each figure is made, as the answer states it beside the figure (docs/care-quality.md). */
export const DEFINITIONS: Readonly<Record<string, (month: string) => Definition>> = {
  bloodPressureControlled: (month: string) => ({
    numerator: 'patients whose latest blood pressure in the look-back is under 140/90 mmHg (both)',
    denominator:
      'enrolled patients with an active hypertension diagnosis (ICD-10 I10-I13, I15, I16) at month end and a blood pressure in the look-back',
    lookBack: `${year(month)}; before enrolment: the 365 days before the enrolment date`,
  }),
  a1cAbove9: (month: string) => ({
    numerator: 'patients whose latest A1c in the look-back is over 9.0%',
    denominator:
      'enrolled patients with an active diabetes diagnosis (ICD-10 E08-E11, E13) at month end and an A1c in the look-back',
    lookBack: `${year(month)}; before enrolment: the 365 days before the enrolment date`,
  }),
  admissions: (_month: string) => ({
    numerator: 'acute hospital admissions (not skilled nursing stays) admitted in the month',
    denominator: 'patients enrolled by month end, per 1,000',
    lookBack: 'the month',
  }),
  readmissions: (_month: string) => ({
    numerator:
      'acute admissions in the month on or within 30 days after the discharge day of an earlier acute stay',
    denominator: 'patients enrolled by month end, per 1,000',
    lookBack: 'the month (each admission looks back 30 days)',
  }),
  emergencyVisits: (_month: string) => ({
    numerator: 'emergency department visits in the month',
    denominator: 'patients enrolled by month end, per 1,000',
    lookBack: 'the month',
  }),
  admissionsPerPatientYear: (month: string) => ({
    numerator: 'acute admissions, per 1,000 patient-years',
    denominator:
      'before: each enrolled patient counts the 365 days before enrolment; since: the days each was enrolled in the look-back',
    lookBack: year(month),
  }),
  medicationReconciliationAfterDischarge: (_month: string) => ({
    numerator: 'discharges followed by a medication reconciliation on the discharge day or within 30 days',
    denominator:
      'hospital and skilled nursing discharges in the month, less those still inside their 30 days without one (pending)',
    lookBack: 'the month',
  }),
  adherent: (_month: string) => ({
    numerator: "patients whose latest adherence check's finding is adherent",
    denominator: 'enrolled patients with an adherence check (overall or of one medication) in the look-back',
    lookBack: 'the 90 days ending with the month',
  }),
  satisfaction: (month: string) => ({
    numerator: "each respondent's latest overall score, as a share of its survey's scale",
    denominator: 'enrolled patients with a survey in the look-back',
    lookBack: year(month),
  }),
};
