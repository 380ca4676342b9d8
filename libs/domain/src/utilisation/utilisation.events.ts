import type { LocalDate } from '../shared/local-time';

/**
 * Utilisation beside the inpatient stays: emergency department visits. Hospital and SNF admissions and
 * discharges are `InpatientStayRecorded` (billing-facts), the one record of a stay whichever route wrote it.
 */
export type UtilisationEvent = {
  readonly type: 'EmergencyVisitRecorded';
  readonly data: {
    readonly visitId: string;
    readonly visitDate: LocalDate;
    /** The emergency department's name, as the discharge summary or claim gives it. */
    readonly facility: string;
    /** ICD-10-CM code of the chief complaint or ED diagnosis, upper case, when known. */
    readonly reasonCode?: string;
    readonly recordedBy: string;
  };
};
