import {
  CANDIDATE_EVENT_TYPES,
  candidateStreamId,
  candidateStreamPrefix,
  decideCandidate,
  decidePanelImport,
  foldCandidate,
  initialCandidateState,
  localDateTimeAt,
  type CandidateCommand,
  type CandidateEvent,
  type CandidateState,
  type IdentifiedCandidate,
  type PanelItem,
  type PanelItemDecision,
  type PanelRefusal,
} from '@ccm/domain';
import {
  formatPosition,
  streamInventory,
  WrongExpectedVersionError,
  type EventStore,
  type RecordedEvent,
} from '@ccm/event-store';
import type { Clock } from './clock';
import {
  decideAndAppend,
  loadStream,
  StreamStateCache,
  type CommandOutcome,
  type LoadedStream,
} from './decide-and-append';
import { ConcurrencyConflictError } from './errors';
import { envelope, GENESIS_HASH, type RequestContext } from './event-envelope';
import type { PatientRecords } from './patient-records';

const CANDIDATE_TYPES: ReadonlySet<string> = new Set(CANDIDATE_EVENT_TYPES);

export const toCandidateEvent = (recorded: RecordedEvent): CandidateEvent | undefined =>
  CANDIDATE_TYPES.has(recorded.type)
    ? ({ type: recorded.type, data: recorded.data } as unknown as CandidateEvent)
    : undefined;

/** A panel import the rules refused as a whole: nothing was appended. */
export class PanelImportRefusedError extends Error {
  override readonly name = 'PanelImportRefusedError';
  constructor(readonly refusals: readonly PanelRefusal[]) {
    super('The panel import was refused.');
  }
}

export interface PanelImportOutcome {
  readonly items: readonly (PanelItemDecision & { readonly revision: number })[];
  /** Global position of the last event written, when anything was. */
  readonly position?: string;
}

const occurredAtOf = (event: CandidateEvent): string | undefined =>
  event.type === 'OutreachAttempted'
    ? event.data.attemptedAt
    : event.type === 'CandidateEnrolled'
      ? `${event.data.enrolledOn}T00:00`
      : undefined;

/** Candidates (people on the EHR panel, not patients yet) on their own streams, one per candidate. */
export class CandidateRecords {
  constructor(
    private readonly store: EventStore,
    private readonly patients: PatientRecords,
    private readonly clock: Clock,
    private readonly cache = new StreamStateCache<CandidateState>(),
  ) {}

  load(practiceId: string, candidateId: string): Promise<LoadedStream<CandidateState>> {
    return loadStream(
      this.store,
      candidateStreamId(practiceId, candidateId),
      initialCandidateState,
      foldCandidate,
      toCandidateEvent,
      this.cache,
    );
  }

  /**
   * The ids of the practice's candidates: every candidate stream starts with its identification, so the
   * store's stream inventory (one indexed query on SQLite) names them without reading their events.
   */
  async candidateIds(practiceId: string): Promise<string[]> {
    const prefix = candidateStreamPrefix(practiceId);
    const { streams } = await streamInventory(this.store, { streamPrefixes: [prefix] });
    return streams.map((s) => s.streamId.slice(prefix.length)).sort();
  }

  async all(practiceId: string): Promise<Map<string, LoadedStream<IdentifiedCandidate>>> {
    return this.identified(practiceId, await this.candidateIds(practiceId));
  }

  /** These candidates of the practice, as loaded streams, in the order asked; ids never identified are left out. */
  async identified(
    practiceId: string,
    candidateIds: readonly string[],
  ): Promise<Map<string, LoadedStream<IdentifiedCandidate>>> {
    const loaded = new Map<string, LoadedStream<IdentifiedCandidate>>();
    for (const candidateId of candidateIds) {
      const stream = await this.load(practiceId, candidateId);
      if (stream.state.status === 'identified')
        loaded.set(candidateId, stream as LoadedStream<IdentifiedCandidate>);
    }
    return loaded;
  }

  /** Outreach and enrolment on one candidate: decided on its stream, appended with the revision read. */
  async execute(
    candidateId: string,
    command: CandidateCommand | ((timeZone: string) => CandidateCommand),
    context: RequestContext,
    expectedRevision?: number,
  ): Promise<CommandOutcome> {
    const practiceId = context.actor.practiceId;
    const practice = await this.patients.registeredPractice(practiceId);
    const resolved = typeof command === 'function' ? command(practice.timeZone) : command;
    const linked =
      resolved.type === 'LinkEnrolment'
        ? (await this.patients.load(practiceId, resolved.data.patientId)).state.status === 'enrolled'
        : false;
    const withPatient: CandidateCommand =
      resolved.type === 'LinkEnrolment'
        ? { ...resolved, data: { ...resolved.data, patientEnrolled: linked } }
        : resolved;
    return decideAndAppend({
      store: this.store,
      clock: this.clock,
      streamId: candidateStreamId(practiceId, candidateId),
      command: resolved,
      load: () => this.load(practiceId, candidateId),
      decide: (state, _now, nowLocal) =>
        decideCandidate(withPatient, state, { nowLocal: nowLocal(), actorId: context.actor.userId }),
      occurredAtOf,
      timeZone: () => practice.timeZone,
      context,
      expectedRevision,
      cache: { states: this.cache, fold: foldCandidate },
    });
  }

  /**
   * A whole panel, all or nothing as far as the rules go: every item is decided against every candidate
   * of the practice before anything is appended, and a single refusal refuses the import. The event store
   * has no append across streams, so the appends that follow are one per candidate, each with the
   * revision it was decided on: a concurrent write to one of those candidates stops the import there with
   * a conflict, after the candidates before it were recorded (see docs/eligibility.md, "All or nothing").
   */
  async importPanel(
    items: readonly PanelItem[],
    context: RequestContext,
    /** The day the panel was drawn from the EHR, when not today. */
    identifiedOn?: string,
  ): Promise<PanelImportOutcome> {
    const practiceId = context.actor.practiceId;
    const practice = await this.patients.registeredPractice(practiceId);
    const loaded = await this.all(practiceId);
    const now = this.clock.now();
    const nowLocal = localDateTimeAt(now, practice.timeZone);
    const existing = new Map([...loaded].map(([id, stream]) => [id, stream.state]));
    const decision = decidePanelImport(
      items,
      existing,
      practiceId,
      { nowLocal, actorId: context.actor.userId },
      identifiedOn,
    );
    if (decision.outcome === 'refused') throw new PanelImportRefusedError(decision.refusals);
    const written: (PanelItemDecision & { revision: number })[] = [];
    let position: string | undefined;
    for (const item of decision.items) {
      const before = loaded.get(item.candidateId);
      if (item.events.length === 0) {
        written.push({ ...item, revision: before?.revision ?? -1 });
        continue;
      }
      const streamId = candidateStreamId(practiceId, item.candidateId);
      const revision = before?.revision ?? -1;
      const events = envelope({
        streamId,
        streamRevision: revision,
        previousHash: before?.lastHash ?? GENESIS_HASH,
        events: item.events.map((e) => ({ type: e.type, data: e.data, occurredAt: occurredAtOf(e) })),
        context,
        recordedAt: now,
        recordedAtLocal: nowLocal,
        timeZone: practice.timeZone,
      });
      try {
        const result = await this.store.append(
          streamId,
          events,
          revision < 0 ? 'no_stream' : BigInt(revision),
        );
        position = formatPosition(result.position);
        written.push({ ...item, revision: Number(result.nextExpectedRevision) });
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        throw new ConcurrencyConflictError(
          `A candidate changed while the panel was being imported (${written.length} of ${decision.items.length} recorded).`,
          undefined,
        );
      }
    }
    return { items: written, ...(position ? { position } : {}) };
  }
}
