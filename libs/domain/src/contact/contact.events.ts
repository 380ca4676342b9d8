import type { LocalDateTime } from '../shared/local-time';
import type { UtcOffset } from '../shared/wall-clock';

export const CONTACT_CHANNELS = ['phone', 'video', 'secure_message', 'in_person'] as const;
export const CONTACT_DIRECTIONS = ['inbound', 'outbound'] as const;
export const CONTACT_PARTIES = [
  'patient',
  'caregiver',
  'specialist',
  'pharmacy',
  'community_service',
] as const;
export const CONTACT_OUTCOMES = [
  'reached',
  'no_answer',
  'left_message',
  'wrong_number',
  'declined',
  'completed',
] as const;

export interface ContactDetails {
  readonly channel: (typeof CONTACT_CHANNELS)[number];
  readonly direction: (typeof CONTACT_DIRECTIONS)[number];
  readonly party: (typeof CONTACT_PARTIES)[number];
  readonly occurredAt: LocalDateTime;
  /** The UTC offset, kept only when the practice's clock showed this local time twice (the repeated hour). */
  readonly occurredAtOffset?: UtcOffset;
  readonly outcome: (typeof CONTACT_OUTCOMES)[number];
  readonly summary: string;
  /** Outside the practice's hours (24/7 access); absent in contacts recorded before it was asked. */
  readonly afterHours?: boolean;
}

export type ContactEvent = {
  readonly type: 'ContactRecorded';
  readonly data: ContactDetails & { readonly contactId: string; readonly recordedBy: string };
};
