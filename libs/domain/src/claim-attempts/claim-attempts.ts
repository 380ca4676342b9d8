import { PROCEDURE_CODE } from '../billing-facts/billing-facts';
import type { DecisionContext } from '../patient/decision-context';
import { todayOf } from '../patient/decision-context';
import { checkIdempotencyKey, rememberIdempotencyKey } from '../patient/idempotency';
import type { EnrolledPatient } from '../patient/patient-state';
import { accept, refuse, type Decision } from '../shared/decision';
import { isLocalMonth } from '../shared/local-time';
import {
  MAX_ATTEMPTED_LINES,
  MAX_ATTEMPTED_UNITS,
  type AttemptedLine,
  type ClaimAttemptEvent,
} from './claim-attempts.events';

export type ClaimAttemptCommand = {
  readonly type: 'RecordAttemptedClaimLines';
  readonly data: {
    readonly attemptId: string;
    readonly serviceMonth: string;
    readonly lines: readonly AttemptedLine[];
  };
};

const keyOf = (attemptId: string): string => `claim-attempt:${attemptId}`;

/** Codes upper-cased; `units` kept only when given. */
const normalised = (lines: readonly AttemptedLine[]): AttemptedLine[] =>
  lines.map((l) => ({ code: l.code.toUpperCase(), ...(l.units !== undefined ? { units: l.units } : {}) }));

export function decideClaimAttempt(
  command: ClaimAttemptCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Decision<ClaimAttemptEvent> {
  const lines = normalised(command.data.lines);
  const data = { ...command.data, lines };
  const replay = checkIdempotencyKey<ClaimAttemptEvent>(
    state,
    keyOf(data.attemptId),
    data,
    'ATTEMPT_ID_REUSED',
  );
  if (replay) return replay;
  if (!isLocalMonth(data.serviceMonth)) {
    return refuse('DATE_INVALID', 'Not a month YYYY-MM.', { fields: ['serviceMonth'] });
  }
  if (lines.length === 0 || lines.length > MAX_ATTEMPTED_LINES) {
    return refuse('CLAIM_LINES_INVALID', `An attempt has 1 to ${MAX_ATTEMPTED_LINES} lines.`, {
      fields: ['lines'],
    });
  }
  const badCodes = lines.flatMap((l, i) => (PROCEDURE_CODE.test(l.code) ? [] : [`lines.${i}.code`]));
  if (badCodes.length > 0) {
    return refuse('PROCEDURE_CODE_INVALID', 'Not a CPT or HCPCS code.', { fields: badCodes });
  }
  const badUnits = lines.flatMap((l, i) =>
    l.units === undefined || (Number.isInteger(l.units) && l.units >= 1 && l.units <= MAX_ATTEMPTED_UNITS)
      ? []
      : [`lines.${i}.units`],
  );
  if (badUnits.length > 0) {
    return refuse('CLAIM_LINES_INVALID', `Units are a whole number from 1 to ${MAX_ATTEMPTED_UNITS}.`, {
      fields: badUnits,
    });
  }
  if (data.serviceMonth > todayOf(context).slice(0, 7)) {
    return refuse('OCCURS_IN_FUTURE', 'Lines are attempted for a month that has begun.', {
      fields: ['serviceMonth'],
    });
  }
  return accept({ type: 'ClaimLinesAttempted', data: { ...data, recordedBy: context.actorId } });
}

/** The lines are read by billing; the decider keeps only the attempt ids, to recognise a re-sent one. */
export function evolveClaimAttempt(state: EnrolledPatient, event: ClaimAttemptEvent): EnrolledPatient {
  return {
    ...state,
    idempotencyKeys: rememberIdempotencyKey(state, keyOf(event.data.attemptId), event.data),
  };
}
