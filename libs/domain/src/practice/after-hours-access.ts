import { fingerprintOf } from '../patient/idempotency';
import { accept, refuse, refuseInvalidDates, type Decision } from '../shared/decision';
import { isLocalDate, type LocalDate, type LocalDateTime } from '../shared/local-time';

/**
 * 24/7 access (the program guide): patients reach a care-team member with access to their record at any
 * hour for urgent needs. The practice records how, over time; an answering machine alone is not access.
 */
export const AFTER_HOURS_MEANS = [
  'phone_line',
  'on_call_clinician',
  'nurse_triage_line',
  'answering_service_with_callback',
  'secure_messaging',
  'video_visit',
  'answering_machine',
  'voicemail',
] as const;
export type AfterHoursMeans = (typeof AFTER_HOURS_MEANS)[number];

/** Means that only take a message: never enough on their own. */
export const MESSAGE_ONLY_MEANS: readonly AfterHoursMeans[] = ['answering_machine', 'voicemail'];

export interface AfterHoursArrangement {
  /** Who covers after hours: roster members, a named covering service, or both. */
  readonly coveredBy: { readonly staffIds: readonly string[]; readonly service?: string };
  readonly means: readonly AfterHoursMeans[];
  /** Whether whoever covers can see the patient's record. */
  readonly recordAccess: boolean;
}

type ChangeData = { readonly changeId: string; readonly effectiveOn: LocalDate; readonly recordedBy: string };

/** Each event says what holds from `effectiveOn` on, until a later-effective one. */
export type AfterHoursAccessEvent =
  | { readonly type: 'AfterHoursAccessArranged'; readonly data: ChangeData & AfterHoursArrangement }
  | { readonly type: 'AfterHoursAccessChanged'; readonly data: ChangeData & AfterHoursArrangement }
  | { readonly type: 'AfterHoursAccessEnded'; readonly data: ChangeData & { readonly reason: string } };

export const AFTER_HOURS_EVENT_TYPES = [
  'AfterHoursAccessArranged',
  'AfterHoursAccessChanged',
  'AfterHoursAccessEnded',
] as const satisfies readonly AfterHoursAccessEvent['type'][];

type CommandData = {
  readonly practiceId: string;
  readonly changeId: string;
  readonly effectiveOn: LocalDate;
};

export type AfterHoursAccessCommand =
  /** Arranges access, or changes the arrangement in force on `effectiveOn`. */
  | { readonly type: 'ArrangeAfterHoursAccess'; readonly data: CommandData & AfterHoursArrangement }
  | { readonly type: 'EndAfterHoursAccess'; readonly data: CommandData & { readonly reason: string } };

/** One recorded change, as the practice state keeps it; `arrangement` null from an end on. */
export interface AfterHoursAccessRecord {
  readonly changeId: string;
  readonly effectiveOn: LocalDate;
  readonly arrangement: AfterHoursArrangement | null;
  readonly atRevision: number;
  /** The event's data, to recognise a re-sent command. */
  readonly content: object;
}

/** What a practice decision needs from outside the stream. */
export interface PracticeDecisionContext {
  readonly nowLocal: LocalDateTime;
  readonly actorId: string;
}

interface RosterView {
  readonly billingPractitioners: readonly { readonly id: string }[];
  readonly staff: readonly { readonly id: string }[];
  readonly afterHoursAccess?: readonly AfterHoursAccessRecord[];
}

export const isAfterHoursCommand = (command: { type: string }): command is AfterHoursAccessCommand =>
  command.type === 'ArrangeAfterHoursAccess' || command.type === 'EndAfterHoursAccess';

/** The record in force on `date`: effective latest on or before it, of one day the one recorded last. */
export function afterHoursAccessOn(
  records: readonly AfterHoursAccessRecord[] | undefined,
  date: LocalDate,
): AfterHoursAccessRecord | undefined {
  let found: AfterHoursAccessRecord | undefined;
  for (const r of records ?? []) {
    if (r.effectiveOn <= date && (found === undefined || r.effectiveOn >= found.effectiveOn)) found = r;
  }
  return found;
}

function arrangementProblems(a: AfterHoursArrangement): string[] {
  return [
    ...(a.means.length === 0 || a.means.some((m) => !(AFTER_HOURS_MEANS as readonly string[]).includes(m))
      ? ['means']
      : []),
    ...(a.coveredBy.staffIds.length === 0 && a.coveredBy.service === undefined ? ['coveredBy'] : []),
    ...(a.coveredBy.service !== undefined && a.coveredBy.service.trim() === '' ? ['coveredBy.service'] : []),
  ];
}

/** The command's content as its event records it (no practice id, no repeated ids): re-sends compare equal. */
function normalised(command: AfterHoursAccessCommand): object {
  const { practiceId: _practiceId, ...content } = command.data;
  if (command.type === 'EndAfterHoursAccess') return content;
  const { coveredBy, means } = command.data;
  return {
    ...content,
    coveredBy: {
      staffIds: [...new Set(coveredBy.staffIds)],
      ...(coveredBy.service !== undefined ? { service: coveredBy.service } : {}),
    },
    means: [...new Set(means)],
  };
}

export function decideAfterHoursAccess(
  command: AfterHoursAccessCommand,
  state: RosterView,
  context: PracticeDecisionContext,
): Decision<AfterHoursAccessEvent> {
  const content = normalised(command);
  const records = state.afterHoursAccess ?? [];
  const earlier = records.find((r) => r.changeId === command.data.changeId);
  if (earlier) {
    return fingerprintOf(earlier.content) === fingerprintOf(content)
      ? { outcome: 'already_applied', atRevision: earlier.atRevision }
      : refuse('AFTER_HOURS_CHANGE_ID_REUSED', 'This id was already used for different content.', {
          key: command.data.changeId,
        });
  }
  const badDate = refuseInvalidDates<AfterHoursAccessEvent>(
    { effectiveOn: command.data.effectiveOn },
    isLocalDate,
  );
  if (badDate) return badDate;
  if (command.data.effectiveOn > context.nowLocal.slice(0, 10)) {
    return refuse('OCCURS_IN_FUTURE', 'After-hours access is recorded once it is in effect.', {
      fields: ['effectiveOn'],
    });
  }
  const inForce = afterHoursAccessOn(records, command.data.effectiveOn)?.arrangement ?? null;
  const recordedBy = context.actorId;
  if (command.type === 'EndAfterHoursAccess') {
    if (inForce === null) {
      return refuse('AFTER_HOURS_ACCESS_NOT_IN_FORCE', 'No after-hours access is arranged on that date.', {
        fields: ['effectiveOn'],
      });
    }
    const { changeId, effectiveOn, reason } = command.data;
    return accept({ type: 'AfterHoursAccessEnded', data: { changeId, effectiveOn, reason, recordedBy } });
  }
  const { changeId, effectiveOn, coveredBy, means, recordAccess } = normalised(command) as ChangeData &
    AfterHoursArrangement;
  const problems = arrangementProblems(command.data);
  if (problems.length > 0) {
    return refuse('AFTER_HOURS_ACCESS_INVALID', 'The after-hours arrangement is not valid.', {
      fields: problems,
    });
  }
  if (means.every((m) => MESSAGE_ONLY_MEANS.includes(m))) {
    return refuse(
      'AFTER_HOURS_MESSAGE_ONLY',
      'An answering machine or voicemail alone is not access to a care-team member.',
      { fields: ['means'] },
    );
  }
  const roster = new Set([...state.billingPractitioners, ...state.staff].map((m) => m.id));
  const strangers = coveredBy.staffIds.filter((id) => !roster.has(id));
  if (strangers.length > 0) {
    return refuse('AFTER_HOURS_COVERER_NOT_ON_ROSTER', 'Covering staff must be on the practice roster.', {
      members: strangers,
    });
  }
  return accept({
    type: inForce === null ? 'AfterHoursAccessArranged' : 'AfterHoursAccessChanged',
    data: { changeId, effectiveOn, coveredBy, means, recordAccess, recordedBy },
  });
}

/** The record an event adds; `atRevision` is the revision the event is written at. */
export function afterHoursRecordOf(event: AfterHoursAccessEvent, atRevision: number): AfterHoursAccessRecord {
  const { recordedBy: _recordedBy, ...content } = event.data;
  if (event.type === 'AfterHoursAccessEnded') {
    return {
      changeId: content.changeId,
      effectiveOn: content.effectiveOn,
      arrangement: null,
      atRevision,
      content,
    };
  }
  const { coveredBy, means, recordAccess } = event.data;
  return {
    changeId: content.changeId,
    effectiveOn: content.effectiveOn,
    arrangement: { coveredBy, means, recordAccess },
    atRevision,
    content,
  };
}
