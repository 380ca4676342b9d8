/**
 * A stand-in EventStoreDB for tests only: a @grpc/grpc-js server that registers the service definitions
 * shipped inside @eventstore/db-client and answers from an in-memory log. The product never starts it;
 * it exists because this machine (and CI) has no EventStoreDB. Set EVENTSTORE_CONNECTION_STRING to run
 * the same tests against a real server, which remains the authority.
 *
 * Modelled (what @eventstore/db-client 6.x calls against a single insecure node):
 * - ServerFeatures.GetSupportedMethods: advertises Streams.Read, Streams.Append and (by default)
 *   Streams.BatchAppend, which makes the client append through BatchAppend as it does against 21.10+.
 * - Gossip.Read: one member, alive, leader, at this server's address, so `esdb+discover://` and
 *   multi-host connection strings resolve to it.
 * - Streams.Append and Streams.BatchAppend: expected revision (exact revision / no_stream /
 *   stream_exists / any), WrongExpectedVersion carrying the current revision or "no stream" (a result
 *   message for Append, a google.rpc.Status with a packed WrongExpectedVersion for BatchAppend), all or
 *   nothing per batch, idempotent retry of the same event ids at the same expected revision (answered
 *   as success with no position), JSON or binary data and custom metadata kept byte for byte.
 * - Global positions: each batch starts at a transaction position T in a growing log; its events carry
 *   commit = T and prepare = T + the byte offset of the event within the batch, so the first event has
 *   commit = prepare and the others prepare > commit, and (commit, prepare) orders the log. An append
 *   answers with the batch's transaction position (T, T); for a batch of several events that is not
 *   the last event's own position (assumed, not verified against a real server: an adapter must not
 *   rely on it).
 * - Streams.Read of a stream: forwards/backwards, from start/end/a revision, with a count; a missing
 *   stream answers with a StreamNotFound message. Events carry their commit/prepare positions (22.6+).
 * - Streams.Read of $all: forwards from start or a position (inclusive), backwards from the end or a
 *   position (exclusive), with a count, optionally filtered on stream name or event type by prefixes
 *   or regex (JavaScript RegExp standing in for .NET's); reads never carry checkpoints.
 * - Subscriptions to $all: confirmation, catch-up strictly after the given position (or from the start
 *   or the end), then live delivery without a gap or repeat at the switch; with a filter, a checkpoint
 *   after every `checkpointIntervalMultiplier x window` events examined (window = `max`, or 32), at the
 *   position of the last event examined; when caught up, a CaughtUp message (23.10+) or, with
 *   `caughtUpSignal: false`, a checkpoint at the last position in the log instead (what filtered
 *   subscriptions got before 23.10). Back-pressure through the gRPC stream's `drain`.
 * - Faults: `dropConnections()` kills every connection and call abruptly and stops listening,
 *   `restart()` listens again on the same port with the same data, `stallSubscriptions()` keeps the open
 *   subscriptions connected but silent from then on (a stuck subscription), `stop()` ends everything.
 *   `subscriptionStarts` records where each subscription asked to start, for assertions on resumption.
 *
 * Not modelled: persistence (a stop loses everything), TLS, authentication and ACLs (credentials are
 * ignored, `$` streams are writable), stream metadata ($maxAge, $maxCount, truncation), soft delete and
 * tombstones (Delete/Tombstone answer UNIMPLEMENTED), scavenging, projections and the system streams
 * they write ($ce-, $et-, $by-category links; $all holds only what clients append), link resolution,
 * subscriptions to a single stream, persistent subscriptions, operations/users/monitoring services,
 * cluster roles beyond one leader (no NotLeader redirects, no elections, no read-only replicas),
 * "fell behind" transitions and slow-consumer drops, deadlines in BatchAppend options, the maximum
 * append size, the idempotency of `any` appends, first/last stream position messages, the exact byte
 * layout of real log positions, and a real server's performance.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { GossipService, type IGossipServer } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ClusterInfo, EndPoint, MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import {
  ServerFeaturesService,
  type IServerFeaturesServer,
} from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import {
  AllStreamPosition,
  Empty,
  StreamIdentifier,
  UUID,
  WrongExpectedVersion as SharedWrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { StreamsService, type IStreamsServer } from '@eventstore/db-client/generated/streams_grpc_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';

export interface ProtocolTestServerOptions {
  /** Advertise and serve BatchAppend (21.10+); when false the client falls back to Append. Default true. */
  readonly batchAppend?: boolean;
  /** Send CaughtUp (23.10+); when false, a filtered subscription gets a checkpoint instead. Default true. */
  readonly caughtUpSignal?: boolean;
  readonly serverVersion?: string;
}

interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

interface StoredEvent {
  readonly id: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: LogPosition;
  readonly type: string;
  readonly contentType: string;
  readonly createdTicks: bigint;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

type ExpectedState =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

type AppendOutcome =
  | {
      readonly kind: 'written';
      readonly currentRevision: bigint | undefined;
      readonly position?: LogPosition;
    }
  | { readonly kind: 'wrong_expected_version'; readonly currentRevision: bigint | undefined };

interface EventFilter {
  readonly on: 'stream' | 'type';
  readonly regex?: RegExp;
  readonly prefixes: readonly string[];
  /** Events examined between two checkpoints of a subscription. */
  readonly checkpointEvery: number;
}

/** The default filtered-read window a real server uses when the client sends `count` instead of `max`. */
const DEFAULT_SEARCH_WINDOW = 32;
/** Where the first batch starts: a real log never begins at 0 (its header and epoch records come first). */
const FIRST_LOG_POSITION = 4096n;
const RECORD_OVERHEAD = 96;
const TICKS_PER_MILLISECOND = 10_000n;

function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** The in-memory log: survives `dropConnections()`/`restart()`, lost on `stop()`. */
class InMemoryLog {
  readonly events: StoredEvent[] = [];
  readonly streams = new Map<string, StoredEvent[]>();
  readonly appended = new EventEmitter();
  private nextTransaction = FIRST_LOG_POSITION;

  constructor() {
    this.appended.setMaxListeners(0);
  }

  append(streamId: string, expected: ExpectedState, proposed: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.length === 0 ? undefined : BigInt(stream.length - 1);
    const satisfied =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && current === undefined) ||
      (expected.kind === 'stream_exists' && current !== undefined) ||
      (expected.kind === 'revision' && current === expected.revision);
    if (!satisfied) {
      const retried = this.retriedBatch(stream, expected, proposed);
      return retried === undefined
        ? { kind: 'wrong_expected_version', currentRevision: current }
        : { kind: 'written', currentRevision: retried };
    }
    if (proposed.length === 0) return { kind: 'written', currentRevision: current };

    const transaction = this.nextTransaction;
    let offset = 0n;
    const createdTicks = BigInt(Date.now()) * TICKS_PER_MILLISECOND;
    const written = proposed.map((event, index): StoredEvent => {
      const stored: StoredEvent = {
        ...event,
        streamId,
        revision: BigInt(stream.length + index),
        position: { commit: transaction, prepare: transaction + offset },
        createdTicks,
      };
      offset += BigInt(
        RECORD_OVERHEAD +
          streamId.length +
          event.type.length +
          event.data.length +
          event.customMetadata.length,
      );
      return stored;
    });
    this.nextTransaction = transaction + offset;
    stream.push(...written);
    this.streams.set(streamId, stream);
    this.events.push(...written);
    this.appended.emit('appended');
    return {
      kind: 'written',
      currentRevision: written[written.length - 1].revision,
      position: { commit: transaction, prepare: transaction },
    };
  }

  /** A retry of a batch already written right after the expected revision; answers its last revision. */
  private retriedBatch(
    stream: readonly StoredEvent[],
    expected: ExpectedState,
    proposed: readonly ProposedEvent[],
  ): bigint | undefined {
    if (proposed.length === 0) return undefined;
    const first =
      expected.kind === 'no_stream' ? 0 : expected.kind === 'revision' ? Number(expected.revision) + 1 : -1;
    if (first < 0) return undefined;
    const same = proposed.every((event, i) => stream[first + i]?.id === event.id);
    return same ? BigInt(first + proposed.length - 1) : undefined;
  }

  /** Index of the first event at or after (inclusive) or strictly after (exclusive) a position. */
  indexFrom(position: LogPosition, inclusive: boolean): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const order = comparePositions(this.events[middle].position, position);
      if (order < 0 || (order === 0 && !inclusive)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function streamName(identifier: StreamIdentifier | undefined): string {
  return identifier ? Buffer.from(identifier.getStreamName_asU8()).toString('utf8') : '';
}

function streamIdentifier(name: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(name, 'utf8')));
}

function uuidText(uuid: UUID | undefined): string {
  if (!uuid) return randomUUID();
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured();
    const hex = (value: string): string => BigInt.asUintN(64, BigInt(value)).toString(16).padStart(16, '0');
    const text =
      hex(structured?.getMostSignificantBits() ?? '0') + hex(structured?.getLeastSignificantBits() ?? '0');
    return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
  }
  return uuid.getString().toLowerCase();
}

function uuidMessage(text: string, structured: boolean): UUID {
  const uuid = new UUID();
  if (!structured) return uuid.setString(text);
  const hex = text.replace(/-/g, '');
  const signed = (part: string): string => BigInt.asIntN(64, BigInt(`0x${part}`)).toString();
  return uuid.setStructured(
    new UUID.Structured()
      .setMostSignificantBits(signed(hex.slice(0, 16)))
      .setLeastSignificantBits(signed(hex.slice(16))),
  );
}

function proposal(message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: uuidText(message.getId()),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: Uint8Array.from(message.getData_asU8()),
    customMetadata: Uint8Array.from(message.getCustomMetadata_asU8()),
  };
}

function readEvent(event: StoredEvent, structuredIds: boolean, fromAll: boolean): ReadResp {
  const record = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(event.id, structuredIds))
    .setStreamIdentifier(streamIdentifier(event.streamId))
    .setStreamRevision(event.revision.toString())
    .setCommitPosition(event.position.commit.toString())
    .setPreparePosition(event.position.prepare.toString())
    .setData(event.data)
    .setCustomMetadata(event.customMetadata);
  record
    .getMetadataMap()
    .set('type', event.type)
    .set('content-type', event.contentType)
    .set('created', event.createdTicks.toString());
  const read = new ReadResp.ReadEvent().setEvent(record);
  if (fromAll) read.setCommitPosition(event.position.commit.toString());
  else read.setNoPosition(new Empty());
  return new ReadResp().setEvent(read);
}

function checkpoint(position: LogPosition): ReadResp {
  return new ReadResp().setCheckpoint(
    new ReadResp.Checkpoint()
      .setCommitPosition(position.commit.toString())
      .setPreparePosition(position.prepare.toString()),
  );
}

function parseFilter(options: ReadReq.Options): EventFilter | undefined {
  const filter = options.getFilter();
  if (!options.hasFilter() || !filter) return undefined;
  const expression = filter.hasStreamIdentifier() ? filter.getStreamIdentifier() : filter.getEventType();
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_SEARCH_WINDOW;
  const regex = expression?.getRegex() ?? '';
  return {
    on: filter.hasStreamIdentifier() ? 'stream' : 'type',
    regex: regex === '' ? undefined : new RegExp(regex),
    prefixes: expression?.getPrefixList() ?? [],
    checkpointEvery: Math.max(1, filter.getCheckpointintervalmultiplier()) * Math.max(1, window),
  };
}

function passes(filter: EventFilter | undefined, event: StoredEvent): boolean {
  if (!filter) return true;
  const subject = filter.on === 'stream' ? event.streamId : event.type;
  if (filter.regex) return filter.regex.test(subject);
  return filter.prefixes.some((prefix) => subject.startsWith(prefix));
}

function positionOf(message: ReadReq.Options.Position | undefined): LogPosition {
  return {
    commit: BigInt(message?.getCommitPosition() ?? '0'),
    prepare: BigInt(message?.getPreparePosition() ?? '0'),
  };
}

/** Resolves when the call can take more, goes away, or `wake` is called; leaves no listener behind. */
function drained(
  call: grpc.ServerWritableStream<ReadReq, ReadResp>,
  setWake: (wake: (() => void) | undefined) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      call.off('drain', done);
      call.off('cancelled', done);
      call.off('close', done);
      setWake(undefined);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
    call.on('close', done);
    setWake(done);
  });
}

function serviceError(code: grpc.status, details: string): grpc.ServerErrorResponse {
  return Object.assign(new Error(details), { code, details });
}

/** One open subscription's pump: catch-up and live are the same loop over the log, so nothing falls between. */
class LiveSubscription {
  private stopped = false;
  private stalled = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly log: InMemoryLog,
    private readonly call: grpc.ServerWritableStream<ReadReq, ReadResp>,
    private readonly filter: EventFilter | undefined,
    private readonly structuredIds: boolean,
    private readonly caughtUpSignal: boolean,
  ) {}

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  stall(): void {
    this.stalled = true;
  }

  async run(startIndex: number): Promise<void> {
    const onAppend = (): void => this.wake?.();
    this.log.appended.on('appended', onAppend);
    try {
      if (
        !(await this.send(
          new ReadResp().setConfirmation(
            new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID()),
          ),
        ))
      )
        return;
      let cursor = startIndex;
      let examined = 0;
      let caughtUp = false;
      while (!this.stopped) {
        while (!this.stopped && !this.stalled && cursor < this.log.events.length) {
          const event = this.log.events[cursor++];
          examined++;
          if (passes(this.filter, event) && !(await this.send(readEvent(event, this.structuredIds, true))))
            return;
          if (
            this.filter &&
            examined % this.filter.checkpointEvery === 0 &&
            !(await this.send(checkpoint(event.position)))
          ) {
            return;
          }
        }
        if (!caughtUp && !this.stalled && !this.stopped) {
          caughtUp = true;
          const last = this.log.events.at(-1)?.position ?? { commit: 0n, prepare: 0n };
          const signal = this.caughtUpSignal
            ? new ReadResp().setCaughtUp(new ReadResp.CaughtUp())
            : this.filter
              ? checkpoint(last)
              : undefined;
          if (signal && !(await this.send(signal))) return;
        }
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          if (this.stopped || (!this.stalled && cursor < this.log.events.length)) resolve();
        });
        this.wake = undefined;
      }
    } finally {
      this.log.appended.off('appended', onAppend);
    }
  }

  /** Writes one message, waiting for the client to drain; false when the call has gone. */
  private async send(message: ReadResp): Promise<boolean> {
    if (this.stopped || this.call.cancelled) return false;
    if (this.call.write(message)) return true;
    await drained(this.call, (wake) => (this.wake = wake));
    return !this.stopped && !this.call.cancelled;
  }
}

export type SubscriptionStart = 'start' | 'end' | { readonly commit: bigint; readonly prepare: bigint };

export class ProtocolTestServer {
  /** Where each subscription to $all asked to start, in arrival order: lets tests check resumption. */
  readonly subscriptionStarts: SubscriptionStart[] = [];
  private readonly log = new InMemoryLog();
  private readonly subscriptions = new Set<LiveSubscription>();
  private grpcServer: grpc.Server | undefined;
  private boundPort = 0;
  private readonly batchAppendEnabled: boolean;
  private readonly caughtUpSignal: boolean;
  private readonly serverVersion: string;

  private constructor(options: ProtocolTestServerOptions) {
    this.batchAppendEnabled = options.batchAppend ?? true;
    this.caughtUpSignal = options.caughtUpSignal ?? true;
    this.serverVersion = options.serverVersion ?? '24.10.0';
  }

  /** Listens on 127.0.0.1 on a free port. */
  static async start(options: ProtocolTestServerOptions = {}): Promise<ProtocolTestServer> {
    const server = new ProtocolTestServer(options);
    await server.listen(0);
    return server;
  }

  get port(): number {
    return this.boundPort;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.boundPort}?tls=false`;
  }

  /** Number of events in the log, including those of every stream. */
  get eventCount(): number {
    return this.log.events.length;
  }

  /** Kills every connection and call at once and stops listening, as a crashed server would; keeps the data. */
  dropConnections(): void {
    for (const subscription of this.subscriptions) subscription.stop();
    this.subscriptions.clear();
    this.grpcServer?.forceShutdown();
    this.grpcServer = undefined;
  }

  /** Listens again on the same port, with the same data. */
  async restart(): Promise<void> {
    if (this.grpcServer) return;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.listen(this.boundPort);
        return;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  /** Open subscriptions stay connected but deliver nothing more; new subscriptions work normally. */
  stallSubscriptions(): void {
    for (const subscription of this.subscriptions) subscription.stall();
  }

  async stop(): Promise<void> {
    this.dropConnections();
    this.log.appended.removeAllListeners();
  }

  private async listen(port: number): Promise<void> {
    const server = new grpc.Server();
    server.addService(StreamsService, this.streamsService());
    server.addService(ServerFeaturesService, this.serverFeaturesService());
    server.addService(GossipService, this.gossipService());
    this.boundPort = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      );
    });
    this.grpcServer = server;
  }

  private serverFeaturesService(): IServerFeaturesServer {
    return {
      getSupportedMethods: (_call, callback) => {
        const methods = ['Read', 'Append', ...(this.batchAppendEnabled ? ['BatchAppend'] : [])].map((name) =>
          new SupportedMethod().setServiceName('event_store.client.streams.Streams').setMethodName(name),
        );
        callback(
          null,
          new SupportedMethods().setEventStoreServerVersion(this.serverVersion).setMethodsList(methods),
        );
      },
    };
  }

  private gossipService(): IGossipServer {
    return {
      read: (_call, callback) => {
        const member = new MemberInfo()
          .setInstanceId(uuidMessage('00000000-0000-4000-8000-000000000001', false))
          .setTimeStamp((BigInt(Date.now()) * TICKS_PER_MILLISECOND).toString())
          .setState(MemberInfo.VNodeState.LEADER)
          .setIsAlive(true)
          .setHttpEndPoint(new EndPoint().setAddress('127.0.0.1').setPort(this.boundPort));
        callback(null, new ClusterInfo().setMembersList([member]));
      },
    };
  }

  private streamsService(): IStreamsServer {
    return {
      read: (call) => void this.read(call),
      append: (call, callback) => this.appendCall(call, callback),
      batchAppend: (call) => this.batchAppendCall(call),
      delete: (_call, callback) => callback(serviceError(grpc.status.UNIMPLEMENTED, 'not modelled')),
      tombstone: (_call, callback) => callback(serviceError(grpc.status.UNIMPLEMENTED, 'not modelled')),
    };
  }

  private appendCall(
    call: grpc.ServerReadableStream<AppendReq, AppendResp>,
    callback: grpc.sendUnaryData<AppendResp>,
  ): void {
    let options: AppendReq.Options | undefined;
    const proposed: ProposedEvent[] = [];
    call.on('data', (request: AppendReq) => {
      if (request.hasOptions()) options = request.getOptions();
      const message = request.getProposedMessage();
      if (message) proposed.push(proposal(message));
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (!options) return callback(serviceError(grpc.status.INVALID_ARGUMENT, 'options expected first'));
      const expected: ExpectedState = options.hasRevision()
        ? { kind: 'revision', revision: BigInt(options.getRevision()) }
        : options.hasNoStream()
          ? { kind: 'no_stream' }
          : options.hasStreamExists()
            ? { kind: 'stream_exists' }
            : { kind: 'any' };
      const outcome = this.log.append(streamName(options.getStreamIdentifier()), expected, proposed);
      const response = new AppendResp();
      if (outcome.kind === 'written') {
        const success = new AppendResp.Success();
        if (outcome.currentRevision === undefined) success.setNoStream(new Empty());
        else success.setCurrentRevision(outcome.currentRevision.toString());
        if (outcome.position) {
          success.setPosition(
            new AppendResp.Position()
              .setCommitPosition(outcome.position.commit.toString())
              .setPreparePosition(outcome.position.prepare.toString()),
          );
        } else success.setNoPosition(new Empty());
        response.setSuccess(success);
      } else {
        const wrong = new AppendResp.WrongExpectedVersion();
        if (outcome.currentRevision === undefined) wrong.setCurrentNoStream(new Empty());
        else wrong.setCurrentRevision(outcome.currentRevision.toString());
        if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
        else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new Empty());
        else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
        else wrong.setExpectedAny(new Empty());
        response.setWrongExpectedVersion(wrong);
      }
      callback(null, response);
    });
  }

  private batchAppendCall(call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
    const pending = new Map<
      string,
      { options: BatchAppendReq.Options | undefined; proposed: ProposedEvent[] }
    >();
    call.on('error', () => undefined);
    call.on('end', () => call.end());
    call.on('data', (request: BatchAppendReq) => {
      const correlation = request.getCorrelationId();
      const key = uuidText(correlation);
      const batch = pending.get(key) ?? { options: undefined, proposed: [] };
      if (request.hasOptions()) batch.options = request.getOptions();
      batch.proposed.push(...request.getProposedMessagesList().map(proposal));
      pending.set(key, batch);
      if (!request.getIsFinal()) return;
      pending.delete(key);
      if (!call.cancelled) call.write(this.batchAppend(correlation, batch.options, batch.proposed));
    });
  }

  private batchAppend(
    correlation: UUID | undefined,
    options: BatchAppendReq.Options | undefined,
    proposed: readonly ProposedEvent[],
  ): BatchAppendResp {
    const name = streamName(options?.getStreamIdentifier());
    const response = new BatchAppendResp().setStreamIdentifier(streamIdentifier(name));
    if (correlation) response.setCorrelationId(correlation);
    let expected: ExpectedState = { kind: 'any' };
    if (options?.hasStreamPosition()) {
      expected = { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
      response.setStreamPosition(options.getStreamPosition());
    } else if (options?.hasNoStream()) {
      expected = { kind: 'no_stream' };
      response.setNoStream(new ProtobufEmpty());
    } else if (options?.hasStreamExists()) {
      expected = { kind: 'stream_exists' };
      response.setStreamExists(new ProtobufEmpty());
    } else response.setAny(new ProtobufEmpty());

    const outcome = this.log.append(name, expected, proposed);
    if (outcome.kind === 'written') {
      const success = new BatchAppendResp.Success();
      if (outcome.currentRevision === undefined) success.setNoStream(new ProtobufEmpty());
      else success.setCurrentRevision(outcome.currentRevision.toString());
      if (outcome.position) {
        success.setPosition(
          new AllStreamPosition()
            .setCommitPosition(outcome.position.commit.toString())
            .setPreparePosition(outcome.position.prepare.toString()),
        );
      } else success.setNoPosition(new ProtobufEmpty());
      return response.setSuccess(success);
    }
    const wrong = new SharedWrongExpectedVersion();
    if (outcome.currentRevision === undefined) wrong.setCurrentNoStream(new ProtobufEmpty());
    else wrong.setCurrentStreamRevision(outcome.currentRevision.toString());
    if (expected.kind === 'revision') wrong.setExpectedStreamPosition(expected.revision.toString());
    else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new ProtobufEmpty());
    else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new ProtobufEmpty());
    else wrong.setExpectedAny(new ProtobufEmpty());
    const details = new Any();
    details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
    return response.setError(
      new Status().setCode(Code.FAILED_PRECONDITION).setMessage('WrongExpectedVersion').setDetails(details),
    );
  }

  private async read(call: grpc.ServerWritableStream<ReadReq, ReadResp>): Promise<void> {
    call.on('error', () => undefined);
    const options = call.request.getOptions();
    if (!options) {
      call.emit('error', serviceError(grpc.status.INVALID_ARGUMENT, 'options required'));
      return;
    }
    const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
    if (options.hasSubscription()) {
      if (!options.hasAll()) {
        call.emit('error', serviceError(grpc.status.UNIMPLEMENTED, 'stream subscriptions are not modelled'));
        return;
      }
      await this.subscribeToAll(call, options, structuredIds);
      return;
    }
    const count = BigInt(options.getCount() || '0');
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    const selected = options.hasStream()
      ? this.selectFromStream(options.getStream(), backwards, count)
      : this.selectFromAll(options.getAll(), backwards, count, parseFilter(options));
    if (selected === 'stream_not_found') {
      call.write(
        new ReadResp().setStreamNotFound(
          new ReadResp.StreamNotFound().setStreamIdentifier(options.getStream()?.getStreamIdentifier()),
        ),
      );
      call.end();
      return;
    }
    for (const event of selected) {
      if (call.cancelled) return;
      if (!call.write(readEvent(event, structuredIds, options.hasAll())))
        await drained(call, () => undefined);
    }
    if (!call.cancelled) call.end();
  }

  private selectFromStream(
    options: ReadReq.Options.StreamOptions | undefined,
    backwards: boolean,
    count: bigint,
  ): readonly StoredEvent[] | 'stream_not_found' {
    const stream = this.log.streams.get(streamName(options?.getStreamIdentifier()));
    if (!stream) return 'stream_not_found';
    const max = Number(count > BigInt(stream.length) ? BigInt(stream.length) : count);
    const revision = options?.hasRevision() ? BigInt(options.getRevision()) : undefined;
    if (backwards) {
      const last = stream.length - 1;
      const from = options?.hasStart()
        ? 0
        : revision === undefined || revision > BigInt(last)
          ? last
          : Number(revision);
      return stream.slice(Math.max(0, from - max + 1), from + 1).reverse();
    }
    const from = options?.hasEnd() ? stream.length : revision === undefined ? 0 : Number(revision);
    return stream.slice(from, from + max);
  }

  private selectFromAll(
    options: ReadReq.Options.AllOptions | undefined,
    backwards: boolean,
    count: bigint,
    filter: EventFilter | undefined,
  ): readonly StoredEvent[] {
    const events = this.log.events;
    const selected: StoredEvent[] = [];
    if (backwards) {
      let index = options?.hasPosition()
        ? this.log.indexFrom(positionOf(options.getPosition()), true) - 1
        : options?.hasStart()
          ? -1
          : events.length - 1;
      for (; index >= 0 && BigInt(selected.length) < count; index--) {
        if (passes(filter, events[index])) selected.push(events[index]);
      }
      return selected;
    }
    let index = options?.hasPosition()
      ? this.log.indexFrom(positionOf(options.getPosition()), true)
      : options?.hasEnd()
        ? events.length
        : 0;
    for (; index < events.length && BigInt(selected.length) < count; index++) {
      if (passes(filter, events[index])) selected.push(events[index]);
    }
    return selected;
  }

  private async subscribeToAll(
    call: grpc.ServerWritableStream<ReadReq, ReadResp>,
    options: ReadReq.Options,
    structuredIds: boolean,
  ): Promise<void> {
    const all = options.getAll();
    this.subscriptionStarts.push(
      all?.hasPosition() ? positionOf(all.getPosition()) : all?.hasEnd() ? 'end' : 'start',
    );
    const start = all?.hasPosition()
      ? this.log.indexFrom(positionOf(all.getPosition()), false)
      : all?.hasEnd()
        ? this.log.events.length
        : 0;
    const subscription = new LiveSubscription(
      this.log,
      call,
      parseFilter(options),
      structuredIds,
      this.caughtUpSignal,
    );
    this.subscriptions.add(subscription);
    const stop = (): void => subscription.stop();
    call.once('cancelled', stop);
    call.once('close', stop);
    try {
      await subscription.run(start);
    } finally {
      this.subscriptions.delete(subscription);
      if (!call.cancelled && !call.writableEnded) call.end();
    }
  }
}
