import { copying, type Updates } from '../shared/updates';
import { isBillingPractitioner, isOnRoster } from '../practice/practice';
import type { DecisionContext } from '../patient/decision-context';
import { activeConsent, type EnrolledPatient } from '../patient/patient-state';
import { checkIdempotencyKey, rememberIdempotencyKey } from '../patient/idempotency';
import { accept, refuse, refuseInvalidDates, type Decision } from '../shared/decision';
import { dateOf, isLocalDateTime, lastDayOfMonth, type LocalDateTime } from '../shared/local-time';
import { offsetToKeep, refuseOffClock, type UtcOffset } from '../shared/wall-clock';
import {
  type ConsentDisclosures,
  type ConsentEvent,
  type ConsentMethod,
  type ConsentProgram,
} from './consent.events';

export type ConsentCommand =
  | {
      readonly type: 'RecordConsent';
      readonly data: {
        readonly consentId: string;
        readonly program: ConsentProgram;
        readonly decision: 'accepted' | 'declined';
        readonly method: ConsentMethod;
        readonly obtainedAt: LocalDateTime;
        /** Which occurrence of a repeated local hour; the first when absent. */
        readonly obtainedAtOffset?: UtcOffset;
        readonly obtainedBy: string;
        readonly billingPractitionerId?: string;
        readonly disclosures: ConsentDisclosures;
        readonly documentReference?: string;
      };
    }
  | {
      readonly type: 'WithdrawConsent';
      readonly data: {
        readonly program: ConsentProgram;
        readonly withdrawnAt: LocalDateTime;
        readonly withdrawnAtOffset?: UtcOffset;
        readonly reason?: string;
      };
    };

export function decideConsent(
  command: ConsentCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Decision<ConsentEvent> {
  switch (command.type) {
    case 'RecordConsent': {
      const { data } = command;
      const billingPractitionerId = data.billingPractitionerId ?? state.billingPractitionerId;
      const obtainedAtOffset = offsetToKeep(
        data.obtainedAt,
        context.practice.timeZone,
        data.obtainedAtOffset,
      );
      const event: ConsentEvent = {
        type: 'ConsentRecorded',
        data: {
          consentId: data.consentId,
          program: data.program,
          decision: data.decision,
          method: data.method,
          obtainedAt: data.obtainedAt,
          ...(obtainedAtOffset ? { obtainedAtOffset } : {}),
          obtainedBy: data.obtainedBy,
          billingPractitionerId,
          disclosures: data.disclosures,
          documentedInRecord: true,
          ...(data.documentReference !== undefined ? { documentReference: data.documentReference } : {}),
        },
      };
      const replay = checkIdempotencyKey<ConsentEvent>(
        state,
        `consent:${data.consentId}`,
        event.data,
        'CONSENT_ID_REUSED',
      );
      if (replay) return replay;
      const badDate = refuseInvalidDates<ConsentEvent>({ obtainedAt: data.obtainedAt }, isLocalDateTime);
      if (badDate) return badDate;
      const offClock = refuseOffClock<ConsentEvent>(
        { obtainedAt: { local: data.obtainedAt, offset: data.obtainedAtOffset } },
        context.practice.timeZone,
      );
      if (offClock) return offClock;
      if (data.obtainedAt > context.nowLocal) {
        return refuse('OCCURS_IN_FUTURE', 'Consent cannot have been obtained in the future.', {
          fields: ['obtainedAt'],
        });
      }
      if (!isOnRoster(context.practice, data.obtainedBy)) {
        return refuse('STAFF_NOT_ON_ROSTER', 'Whoever obtained consent must be on the practice roster.', {
          fields: ['obtainedBy'],
        });
      }
      if (!isBillingPractitioner(context.practice, billingPractitionerId)) {
        return refuse(
          'BILLING_PRACTITIONER_NOT_ON_ROSTER',
          'The billing practitioner is not on the practice roster.',
        );
      }
      if (data.method === 'written' && !data.documentReference) {
        return refuse(
          'CONSENT_DOCUMENT_MISSING',
          'Written consent needs a reference to the signed document.',
          {
            fields: ['documentReference'],
          },
        );
      }
      // A consent given without every disclosure (CONS-2) happened and is recorded as given: billing reads the
      // disclosures and finds no usable consent, rather than the record losing what the patient was told.
      return accept(event);
    }
    case 'WithdrawConsent': {
      const badDate = refuseInvalidDates<ConsentEvent>(
        { withdrawnAt: command.data.withdrawnAt },
        isLocalDateTime,
      );
      if (badDate) return badDate;
      const timeZone = context.practice.timeZone;
      const offClock = refuseOffClock<ConsentEvent>(
        { withdrawnAt: { local: command.data.withdrawnAt, offset: command.data.withdrawnAtOffset } },
        timeZone,
      );
      if (offClock) return offClock;
      const withdrawnAtOffset = offsetToKeep(
        command.data.withdrawnAt,
        timeZone,
        command.data.withdrawnAtOffset,
      );
      const consent = activeConsent(state, command.data.program);
      if (!consent) {
        return refuse(
          'CONSENT_NOT_ACTIVE',
          `There is no ${command.data.program} consent in force to withdraw.`,
        );
      }
      if (command.data.withdrawnAt > context.nowLocal) {
        return refuse('OCCURS_IN_FUTURE', 'A withdrawal cannot happen in the future.', {
          fields: ['withdrawnAt'],
        });
      }
      if (command.data.withdrawnAt < consent.obtainedAt) {
        return refuse('WITHDRAWAL_BEFORE_CONSENT', 'A withdrawal cannot precede the consent it withdraws.', {
          fields: ['withdrawnAt'],
        });
      }
      return accept({
        type: 'ConsentWithdrawn',
        data: {
          consentId: consent.consentId,
          program: command.data.program,
          withdrawnAt: command.data.withdrawnAt,
          ...(withdrawnAtOffset ? { withdrawnAtOffset } : {}),
          effectiveEndOfDay: lastDayOfMonth(dateOf(command.data.withdrawnAt)),
          recordedBy: context.actorId,
          ...(command.data.reason !== undefined ? { reason: command.data.reason } : {}),
        },
      });
    }
  }
}

export function evolveConsent(
  state: EnrolledPatient,
  event: ConsentEvent,
  updates: Updates = copying,
): EnrolledPatient {
  switch (event.type) {
    case 'ConsentRecorded':
      return {
        ...state,
        idempotencyKeys: rememberIdempotencyKey(state, `consent:${event.data.consentId}`, event.data),
        consents: updates.append(state.consents, {
          consentId: event.data.consentId,
          program: event.data.program,
          decision: event.data.decision,
          method: event.data.method,
          obtainedAt: event.data.obtainedAt,
          billingPractitionerId: event.data.billingPractitionerId,
        }),
      };
    case 'ConsentWithdrawn':
      return {
        ...state,
        consents: state.consents.map((c) =>
          c.consentId === event.data.consentId
            ? { ...c, withdrawnAt: event.data.withdrawnAt, effectiveEndOfDay: event.data.effectiveEndOfDay }
            : c,
        ),
      };
  }
}
