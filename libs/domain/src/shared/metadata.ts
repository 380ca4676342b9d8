/** Roles carried by a user's token. */
export const USER_ROLES = ['care_manager', 'practitioner', 'biller', 'auditor', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Who acts, for which practice, on behalf of which request. */
export interface Actor {
  readonly userId: string;
  readonly role: UserRole;
  readonly practiceId: string;
}

export const EVENT_SCHEMA_VERSION = 1;

/** Written with every event: attribution, timing and the hash chain. */
export interface EventMetadata {
  readonly practiceId: string;
  readonly actorId: string;
  readonly actorRole: UserRole;
  readonly correlationId: string;
  readonly causationId: string;
  /** Server clock, ISO 8601 UTC. */
  readonly recordedAt: string;
  /** Business time, practice-local wall clock `YYYY-MM-DDTHH:MM`. */
  readonly occurredAt: string;
  /** The practice's IANA time zone when the event was recorded. */
  readonly timeZone: string;
  readonly schemaVersion: number;
  readonly previousHash: string;
  /**
   * The client's `Idempotency-Key`, on every event of the command sent with it: a command repeated under
   * that key on this stream is answered as the first, on any replica, instead of being recorded again.
   */
  readonly idempotencyKey?: string;
  /** SHA-256 of the command's canonical JSON: the same key with another command is refused. */
  readonly commandHash?: string;
  readonly hash: string;
}
