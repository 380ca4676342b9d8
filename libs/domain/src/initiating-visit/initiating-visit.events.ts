import type { LocalDate } from '../shared/local-time';

export type InitiatingVisitEvent = {
  readonly type: 'InitiatingVisitRecorded';
  readonly data: {
    readonly visitId: string;
    readonly visitDate: LocalDate;
    readonly practitionerId: string;
    /** E/M, AWV, IPPE or TCM code as billed (INIT-2). */
    readonly visitCode: string;
    /** INIT-3: CCM discussed at the visit and the discussion documented. */
    readonly ccmDiscussed: boolean;
    /** INIT-5: extensive assessment and care planning by the practitioner (G0506). */
    readonly extensiveAssessmentAndCarePlanning: boolean;
  };
};
