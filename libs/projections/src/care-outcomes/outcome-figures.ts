/** The shape of the care outcome figures the api answers (docs/care-quality.md, Outcome metrics). */

/** A share, with what it counts and over what: every figure says how it is made. */
export interface Share {
  readonly numerator: number;
  readonly denominator: number;
  /** numerator / denominator to four places; null when the denominator is 0. */
  readonly share: number | null;
}

export interface Rate {
  readonly events: number;
  readonly patients: number;
  /** events per 1,000 patients; null without patients. */
  readonly per1000: number | null;
}

export interface Definition {
  readonly numerator: string;
  readonly denominator: string;
  readonly lookBack: string;
}

export interface OutcomeMetrics {
  readonly month: string;
  readonly enrolledPatients: number;
  readonly bloodPressureControlled: Share & {
    readonly beforeEnrolment: Share;
    readonly withoutReading: number;
    readonly definition: Definition;
  };
  readonly a1cAbove9: Share & {
    readonly beforeEnrolment: Share;
    readonly withoutReading: number;
    readonly definition: Definition;
  };
  readonly admissions: Rate & { readonly definition: Definition };
  readonly readmissions: Rate & { readonly definition: Definition };
  readonly emergencyVisits: Rate & { readonly definition: Definition };
  /** Admissions per 1,000 patient-years in the year before enrolment and in the enrolled part of the last year. */
  readonly admissionsPerPatientYear: {
    readonly beforeEnrolment: number | null;
    readonly sinceEnrolment: number | null;
    readonly definition: Definition;
  };
  readonly medicationReconciliationAfterDischarge: Share & {
    readonly pending: number;
    readonly definition: Definition;
  };
  readonly adherent: Share & { readonly definition: Definition };
  readonly satisfaction: {
    readonly respondents: number;
    /** Mean of each respondent's latest overall score as a share of its scale, as a percentage. */
    readonly meanScorePercent: number | null;
    readonly definition: Definition;
  };
}
