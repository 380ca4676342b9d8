import {
  decidePractice,
  evolvePractice,
  initialPracticeState,
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

const PRACTICE_EVENT_TYPES: ReadonlySet<string> = new Set(['PracticeRegistered', 'PracticeUpdated']);

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
      load: () => this.load(practiceId),
      decide: (state) => decidePractice(command, state),
      occurredAtOf: () => undefined,
      timeZone: () => command.data.timeZone,
      context,
      expectedRevision,
      cache: { states: this.cache, fold: foldPractice },
    });
  }
}
