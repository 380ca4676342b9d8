import {
  decidePractice,
  evolvePractice,
  initialPracticeState,
  isAfterHoursCommand,
  PRACTICE_EVENT_TYPES as PRACTICE_EVENT_TYPE_NAMES,
  practiceStreamId,
  type PracticeCommand,
  type PracticeEvent,
  type PracticeState,
} from '@ccm/domain';
import type { EventStore, RecordedEvent } from '@ccm/event-store';
import type { Clock } from './clock';
import {
  decideAndAppend,
  loadStream,
  StreamStateCache,
  type CommandOutcome,
  type LoadedStream,
} from './decide-and-append';
import type { RequestContext } from './event-envelope';

const PRACTICE_EVENT_TYPES: ReadonlySet<string> = new Set(PRACTICE_EVENT_TYPE_NAMES);

export const toPracticeEvent = (recorded: RecordedEvent): PracticeEvent | undefined =>
  PRACTICE_EVENT_TYPES.has(recorded.type)
    ? ({ type: recorded.type, data: recorded.data } as unknown as PracticeEvent)
    : undefined;

const foldPractice = (events: readonly PracticeEvent[], from: PracticeState): PracticeState =>
  events.reduce(evolvePractice, from);

export class PracticeRecords {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly cache = new StreamStateCache<PracticeState>(),
  ) {}

  load(practiceId: string): Promise<LoadedStream<PracticeState>> {
    return loadStream(
      this.store,
      practiceStreamId(practiceId),
      initialPracticeState,
      foldPractice,
      toPracticeEvent,
      this.cache,
    );
  }

  execute(
    command: PracticeCommand,
    context: RequestContext,
    expectedRevision?: number,
  ): Promise<CommandOutcome> {
    const practiceId = command.data.practiceId;
    return decideAndAppend({
      store: this.store,
      clock: this.clock,
      streamId: practiceStreamId(practiceId),
      command: command,
      load: () => this.load(practiceId),
      // Only after-hours access is dated by the clock; a profile with an unknown zone is refused, and the
      // clock is never read in a zone that may not exist.
      decide: (state, _now, nowLocal) =>
        decidePractice(command, state, {
          nowLocal: isAfterHoursCommand(command) ? nowLocal() : '',
          actorId: context.actor.userId,
        }),
      // After-hours access holds from its effective date; a profile is true when recorded.
      occurredAtOf: (event) => ('effectiveOn' in event.data ? `${event.data.effectiveOn}T00:00` : undefined),
      // A profile command brings its zone (an update may change it); the others use the practice's.
      timeZone: (state) =>
        'timeZone' in command.data
          ? command.data.timeZone
          : state.status === 'registered'
            ? state.timeZone
            : 'UTC',
      context,
      expectedRevision,
      cache: { states: this.cache, fold: foldPractice },
    });
  }
}
