import { decide, type BillingDecision, type PatientMonthFacts } from '@ccm/billing';
import { readWallClock } from '@ccm/domain';
import type { ReadApiHarness } from '../../read-models/testing/read-api-harness';
import { interleave, type ApiCommand } from './api-command';
import { readServedMonth, type ServedMonth } from './served-month';
import { translate } from './translate';

/**
 * The clock the api runs on while a document is recorded: after every date the generated documents and
 * the worked examples use (months up to 2026-03, with dates up to two months later).
 */
export const FACTS_NOW = '2026-06-15T12:00:00Z';

export interface RecordedMonth {
  /** coherent(facts): what the record implies of the document. */
  readonly facts: PatientMonthFacts;
  /** decide(coherent(facts)). */
  readonly expected: BillingDecision;
  readonly served: ServedMonth;
  readonly commands: readonly ApiCommand[];
}

export class RecordingRefused extends Error {
  constructor(
    readonly command: ApiCommand,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(
      `${command.path} (${command.records}) answered ${status}: ${JSON.stringify(body)}\nbody sent: ${JSON.stringify(command.body)}`,
    );
  }
}

/**
 * Whether the zone's clock showed every local date-time the commands send: the api refuses one its
 * daylight-saving change skipped (it never happened there), so such a document is recorded in UTC.
 */
function clockShowsAll(commands: readonly ApiCommand[], timeZone: string): boolean {
  const times = commands.flatMap(({ body }) => [
    ...(typeof body.serviceDate === 'string' && typeof body.startTime === 'string'
      ? [`${body.serviceDate}T${body.startTime}`]
      : []),
    ...[body.obtainedAt, body.withdrawnAt].filter((t): t is string => typeof t === 'string'),
  ]);
  return times.every((t) => readWallClock(t, timeZone).kind !== 'skipped');
}

async function send(api: ReadApiHarness, practiceId: string, command: ApiCommand): Promise<void> {
  const res = await api.http
    .post(command.path)
    .set('Authorization', `Bearer ${api.token(command.role, practiceId, command.userId)}`)
    .send(command.body);
  if (res.status !== 201 && res.status !== 200) throw new RecordingRefused(command, res.status, res.body);
}

/**
 * Records a facts document through the http api, as a new practice and patient, and returns the month as
 * the api then serves it (document, billing line, export row) beside decide(coherent(facts)). With
 * `order`, the commands go in an order a late-documenting practice could have used (see `interleave`).
 */
export async function recordFacts(
  api: ReadApiHarness,
  facts: PatientMonthFacts,
  ids: { readonly practiceId: string; readonly patientId: string; readonly timeZone?: string },
  exportEnv: NodeJS.ProcessEnv,
  options: { readonly order?: number } = {},
): Promise<RecordedMonth> {
  api.clock.set(FACTS_NOW);
  let recording = translate(facts, ids);
  if (ids.timeZone && !clockShowsAll(recording.commands, ids.timeZone)) {
    recording = translate(facts, { ...ids, timeZone: 'UTC' });
  }
  const commands =
    options.order === undefined ? recording.commands : interleave(recording.commands, options.order);
  for (const command of commands) await send(api, ids.practiceId, command);
  const served = await readServedMonth(api, ids, recording.facts.serviceMonth, exportEnv);
  return { facts: recording.facts, expected: decide(recording.facts), served, commands };
}
