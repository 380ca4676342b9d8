import {
  decidePatient,
  foldPatient,
  initialPatientState,
  isPatientEvent,
  occurredAtOf,
  patientStreamId,
  type PatientCommand,
  type PatientEvent,
  type PatientState,
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
import { CommandRefusedError } from './errors';
import type { RequestContext } from './event-envelope';
import type { PracticeRecords } from './practice-records';

export const toPatientEvent = (recorded: RecordedEvent): PatientEvent | undefined =>
  isPatientEvent(recorded)
    ? ({ type: recorded.type, data: recorded.data } as unknown as PatientEvent)
    : undefined;

export class PatientRecords {
  constructor(
    private readonly store: EventStore,
    private readonly practices: PracticeRecords,
    private readonly clock: Clock,
    private readonly cache = new StreamStateCache<PatientState>(),
  ) {}

  load(practiceId: string, patientId: string): Promise<LoadedStream<PatientState>> {
    return loadStream(
      this.store,
      patientStreamId(practiceId, patientId),
      initialPatientState,
      foldPatient,
      toPatientEvent,
      this.cache,
    );
  }

  async execute(
    patientId: string,
    /** The command, or how to build it once the practice's time zone is known (to read local times). */
    command: PatientCommand | ((timeZone: string) => PatientCommand),
    context: RequestContext,
    expectedRevision?: number,
  ): Promise<CommandOutcome> {
    const practiceId = context.actor.practiceId;
    const practice = await this.registeredPractice(practiceId);
    const resolved = typeof command === 'function' ? command(practice.timeZone) : command;
    return decideAndAppend({
      store: this.store,
      clock: this.clock,
      streamId: patientStreamId(practiceId, patientId),
      command: resolved,
      load: () => this.load(practiceId, patientId),
      decide: (state, _now, nowLocal) =>
        decidePatient(resolved, state, {
          practice,
          nowLocal: nowLocal(),
          actorId: context.actor.userId,
        }),
      occurredAtOf,
      timeZone: () => practice.timeZone,
      context,
      expectedRevision,
      cache: { states: this.cache, fold: foldPatient },
    });
  }

  async registeredPractice(practiceId: string): Promise<PracticeState & { status: 'registered' }> {
    const { state } = await this.practices.load(practiceId);
    if (state.status !== 'registered') {
      throw new CommandRefusedError({
        code: 'PRACTICE_NOT_FOUND',
        message: 'The practice is not registered.',
      });
    }
    return state;
  }
}
