import type { LocalDate, LocalDateTime } from '../shared/local-time';
import type { UtcOffset } from '../shared/wall-clock';

import type { ConsentMethod, ConsentProgram } from '@ccm/billing';

/** The billing facts format's own vocabulary (billing-facts.md §2), recorded as it is. */
export { CONSENT_METHODS, CONSENT_PROGRAMS, type ConsentMethod, type ConsentProgram } from '@ccm/billing';

/** What the patient must have been told before accepting (CONS-2), one flag each. */
export interface ConsentDisclosures {
  readonly availabilityAndScope: boolean;
  readonly costSharing: boolean;
  readonly rightToStopEffectiveMonthEnd: boolean;
  readonly onePractitionerPerMonth: boolean;
}

export const REQUIRED_DISCLOSURES: readonly (keyof ConsentDisclosures)[] = [
  'availabilityAndScope',
  'costSharing',
  'rightToStopEffectiveMonthEnd',
  'onePractitionerPerMonth',
];

export type ConsentEvent =
  | {
      readonly type: 'ConsentRecorded';
      readonly data: {
        readonly consentId: string;
        readonly program: ConsentProgram;
        /** CONS-2: the record shows whether the patient accepted or declined. */
        readonly decision: 'accepted' | 'declined';
        readonly method: ConsentMethod;
        readonly obtainedAt: LocalDateTime;
        /** The UTC offset, kept only when the practice's clock showed this local time twice (the repeated hour). */
        readonly obtainedAtOffset?: UtcOffset;
        readonly obtainedBy: string;
        /** CONS-4: consent is given for one billing practitioner. */
        readonly billingPractitionerId: string;
        readonly disclosures: ConsentDisclosures;
        readonly documentedInRecord: true;
        /** Reference to the signed document, for written consent. */
        readonly documentReference?: string;
      };
    }
  | {
      readonly type: 'ConsentWithdrawn';
      readonly data: {
        readonly consentId: string;
        readonly program: ConsentProgram;
        readonly withdrawnAt: LocalDateTime;
        /** The UTC offset, kept only when the practice's clock showed this local time twice (the repeated hour). */
        readonly withdrawnAtOffset?: UtcOffset;
        /** CONS-6: revocation takes effect at the end of the calendar month of withdrawal. */
        readonly effectiveEndOfDay: LocalDate;
        readonly recordedBy: string;
        readonly reason?: string;
      };
    };
