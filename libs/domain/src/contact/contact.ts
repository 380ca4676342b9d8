import type { DecisionContext } from '../patient/decision-context';
import { checkIdempotencyKey, rememberIdempotencyKey } from '../patient/idempotency';
import type { EnrolledPatient } from '../patient/patient-state';
import { accept, refuse, refuseInvalidDates, type Decision } from '../shared/decision';
import { isLocalDateTime } from '../shared/local-time';
import { offsetToKeep, refuseOffClock } from '../shared/wall-clock';
import type { ContactDetails, ContactEvent } from './contact.events';

export type ContactCommand = {
  readonly type: 'RecordContact';
  readonly data: ContactDetails & { readonly contactId: string };
};

/** Contacts are never refused for billing reasons: the consent call itself is one. */
export function decideContact(
  command: ContactCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Decision<ContactEvent> {
  const { occurredAtOffset: givenOffset, ...details } = command.data;
  const timeZone = context.practice.timeZone;
  const keptOffset = offsetToKeep(details.occurredAt, timeZone, givenOffset);
  const data = {
    ...details,
    ...(keptOffset ? { occurredAtOffset: keptOffset } : {}),
    recordedBy: context.actorId,
  };
  const replay = checkIdempotencyKey<ContactEvent>(
    state,
    `contact:${data.contactId}`,
    data,
    'CONTACT_ID_REUSED',
  );
  if (replay) return replay;
  const badDate = refuseInvalidDates<ContactEvent>({ occurredAt: data.occurredAt }, isLocalDateTime);
  if (badDate) return badDate;
  const offClock = refuseOffClock<ContactEvent>(
    { occurredAt: { local: data.occurredAt, offset: givenOffset } },
    timeZone,
  );
  if (offClock) return offClock;
  if (data.occurredAt > context.nowLocal) {
    return refuse('OCCURS_IN_FUTURE', 'A contact cannot be recorded before it happens.', {
      fields: ['occurredAt'],
    });
  }
  return accept({ type: 'ContactRecorded', data });
}

export function evolveContact(state: EnrolledPatient, event: ContactEvent): EnrolledPatient {
  return {
    ...state,
    idempotencyKeys: rememberIdempotencyKey(state, `contact:${event.data.contactId}`, event.data),
  };
}
