/** Why a command was refused. `code` is stable and machine-readable; `details` names what was wrong. */
export interface Refusal {
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

export type Decision<E> =
  | { readonly outcome: 'accepted'; readonly events: readonly E[] }
  /** The command repeats one already applied (same idempotency key, same content): nothing to append. */
  | { readonly outcome: 'already_applied'; readonly atRevision: number }
  | { readonly outcome: 'refused'; readonly refusal: Refusal };

export const accept = <E>(...events: E[]): Decision<E> => ({ outcome: 'accepted', events });

export const refuse = <E>(code: string, message: string, details?: Refusal['details']): Decision<E> => ({
  outcome: 'refused',
  refusal: { code, message, ...(details ? { details } : {}) },
});

/** Refusal codes the application maps to statuses other than 422. */
export const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['PATIENT_NOT_FOUND', 'PRACTICE_NOT_FOUND']);
export const CONFLICT_CODES: ReadonlySet<string> = new Set([
  'IDEMPOTENCY_KEY_REUSED',
  'ENTRY_ID_REUSED',
  'CONTACT_ID_REUSED',
  'CONSENT_ID_REUSED',
  'VISIT_ID_REUSED',
  'STAY_ID_REUSED',
  'SERVICE_ID_REUSED',
  'CLAIM_ID_REUSED',
  'CLAIM_ALREADY_SUBMITTED',
  'RPM_PERIOD_ID_REUSED',
  'RPM_ALREADY_ENROLLED',
  'RTM_PERIOD_ID_REUSED',
  'RTM_ALREADY_ENROLLED',
  'BH_SERVICE_ID_REUSED',
  'ATTEMPT_ID_REUSED',
  'OBSERVATION_ID_REUSED',
  'EMERGENCY_VISIT_ID_REUSED',
  'SURVEY_ID_REUSED',
  'DESIGNATION_ID_REUSED',
  'MEDICATION_ID_REUSED',
  'MEDICATION_CHANGE_ID_REUSED',
  'RECONCILIATION_ID_REUSED',
  'ADHERENCE_CHECK_ID_REUSED',
  'AFTER_HOURS_CHANGE_ID_REUSED',
  'DEMOGRAPHICS_ALREADY_RECORDED',
  'DEMOGRAPHICS_CORRECTION_ID_REUSED',
  'PATIENT_ALREADY_ENROLLED',
  'PRACTICE_ALREADY_REGISTERED',
]);

/** Refuses fields that are not real dates or date-times (the api checks formats too; the domain stands alone). */
export function refuseInvalidDates<E>(
  fields: Readonly<Record<string, string | undefined>>,
  isValid: (value: string) => boolean,
): Decision<E> | undefined {
  const invalid = Object.entries(fields)
    .filter(([, value]) => value !== undefined && !isValid(value))
    .map(([name]) => name);
  return invalid.length > 0
    ? refuse('DATE_INVALID', 'Not a real date or time.', { fields: invalid })
    : undefined;
}
