import type { LocalDate } from '../shared/local-time';

export const MEDICATION_ROUTES = [
  'oral',
  'sublingual',
  'topical',
  'transdermal',
  'inhaled',
  'nasal',
  'ophthalmic',
  'otic',
  'subcutaneous',
  'intramuscular',
  'intravenous',
  'rectal',
  'other',
] as const;
export type MedicationRoute = (typeof MEDICATION_ROUTES)[number];

/** Where the list being reconciled came from. */
export const RECONCILIATION_SOURCES = [
  'discharge',
  'visit',
  'pharmacy_call',
  'patient_review',
  'specialist_report',
  'transfer',
  'other',
] as const;
export type ReconciliationSource = (typeof RECONCILIATION_SOURCES)[number];

/** What a reconciliation did to a medication on the list. */
export const RECONCILIATION_ACTIONS = ['continued', 'added', 'changed', 'stopped'] as const;

export const DISCREPANCY_KINDS = [
  'omission',
  'commission',
  'dose',
  'frequency',
  'route',
  'duplication',
  'interaction',
  'other',
] as const;

export const ADHERENCE_METHODS = ['reported', 'measured'] as const;
/** How adherence was found: reported by the patient or caregiver, or measured from data. */
export const ADHERENCE_MEASURES = [
  'patient_report',
  'caregiver_report',
  'proportion_of_days_covered',
  'pill_count',
  'refill_history',
  'device',
] as const;
export const ADHERENCE_FINDINGS = ['adherent', 'partially_adherent', 'non_adherent', 'unknown'] as const;

/** A structured entry of the patient's medication list. */
export interface MedicationDetails {
  readonly name: string;
  readonly dose: string;
  readonly route: MedicationRoute;
  readonly frequency: string;
  /** Roster id or name of the prescriber (who may be outside the practice). */
  readonly prescriber: string;
}

export interface ReconciliationChange {
  readonly medicationId: string;
  readonly action: (typeof RECONCILIATION_ACTIONS)[number];
}

export interface ReconciliationDiscrepancy {
  readonly kind: (typeof DISCREPANCY_KINDS)[number];
  /** The medication it concerns, when it is on the list. */
  readonly medicationId?: string;
  readonly description: string;
  readonly resolved: boolean;
  readonly resolution?: string;
}

export type MedicationEvent =
  | {
      readonly type: 'MedicationAdded';
      readonly data: MedicationDetails & {
        readonly medicationId: string;
        readonly startedOn: LocalDate;
        readonly recordedBy: string;
      };
    }
  | {
      readonly type: 'MedicationChanged';
      readonly data: Partial<MedicationDetails> & {
        readonly changeId: string;
        readonly medicationId: string;
        readonly changedOn: LocalDate;
        readonly reason: string;
        readonly recordedBy: string;
      };
    }
  | {
      readonly type: 'MedicationStopped';
      readonly data: {
        readonly medicationId: string;
        readonly stoppedOn: LocalDate;
        readonly reason: string;
        readonly recordedBy: string;
      };
    }
  | {
      readonly type: 'MedicationsReconciled';
      readonly data: {
        readonly reconciliationId: string;
        /** Roster id of who reconciled the list. */
        readonly reconciledBy: string;
        readonly reconciledOn: LocalDate;
        readonly source: ReconciliationSource;
        /** The list was reviewed for interactions. */
        readonly interactionsReviewed: boolean;
        readonly changes: readonly ReconciliationChange[];
        readonly discrepancies: readonly ReconciliationDiscrepancy[];
        readonly recordedBy: string;
      };
    }
  | {
      readonly type: 'AdherenceChecked';
      readonly data: {
        readonly checkId: string;
        /** Null: overall adherence, not one medication's. */
        readonly medicationId: string | null;
        readonly checkedOn: LocalDate;
        readonly method: (typeof ADHERENCE_METHODS)[number];
        readonly measure: (typeof ADHERENCE_MEASURES)[number];
        /** A measured proportion (0..1), e.g. of days covered; absent for a report. */
        readonly value?: number;
        readonly finding: (typeof ADHERENCE_FINDINGS)[number];
        readonly recordedBy: string;
      };
    };

/** A medication as the patient state keeps it: enough to refuse a change to an unknown or stopped one. */
export interface MedicationState {
  readonly status: 'active' | 'stopped';
  readonly stop?: { readonly stoppedOn: LocalDate; readonly reason: string; readonly atRevision: number };
}
