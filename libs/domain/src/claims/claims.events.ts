/** The billing decision a claim was based on, as the billing engine printed it (JSON). */
export type SubmittedDecision = { readonly [key: string]: unknown };

export type ClaimEvent = {
  /** The claim lock: a patient-month billed once (CLAIM-4, EXCL-9); later changes flag it as amended. */
  readonly type: 'ClaimSubmitted';
  readonly data: {
    readonly serviceMonth: string;
    readonly billingPractitionerId: string;
    readonly codes: readonly { readonly code: string; readonly units: number }[];
    readonly decision: SubmittedDecision;
    readonly submittedBy: string;
  };
};
