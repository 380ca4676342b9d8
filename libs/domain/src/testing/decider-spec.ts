/**
 * Specifications read as `given(history).when(command).then(newEvents)`.
 *
 *   givenPatient(patientEnrolled(), consentRecorded()).when(logTime()).then(timeLogged());
 *   givenPatient(patientEnrolled()).when(voidTime('nope')).thenRefuses('ENTRY_NOT_FOUND');
 *   givenPatient(patientEnrolled(), timeLogged()).when(logTime()).thenAlreadyApplied(1);
 *
 * `then` returns nothing, so a spec body must not return the outcome itself (it would look like a promise).
 */
import { decidePatient, foldPatient, type PatientCommand, type PatientEvent } from '../patient/patient';
import type { DecisionContext } from '../patient/decision-context';
import type { PatientState } from '../patient/patient-state';
import {
  decidePractice,
  evolvePractice,
  initialPracticeState,
  type PracticeCommand,
  type PracticeEvent,
  type PracticeState,
} from '../practice/practice';
import type { PracticeDecisionContext } from '../practice/after-hours-access';
import type { Decision, Refusal } from '../shared/decision';
import { defaultContext } from './fixtures';

/** Expected refusal details: exact values, or jest asymmetric matchers such as `expect.arrayContaining`. */
export type DetailsMatcher = Readonly<Record<string, unknown>>;

export interface DecisionAssertions<E> {
  /** The decision itself, for assertions the helpers below do not cover. */
  readonly decision: Decision<E>;
  /** Accepted, appending exactly these events in this order. */
  then(...expected: E[]): void;
  /** Refused with this code; when given, the details contain at least these entries. */
  thenRefuses(code: string, details?: DetailsMatcher): Refusal;
  /** Nothing to append: the command repeats one applied at `atRevision`. */
  thenAlreadyApplied(atRevision?: number): void;
  /** The events of an accepted decision (fails otherwise), to fold them further. */
  accepted(): readonly E[];
}

function assertionsOf<E>(decision: Decision<E>): DecisionAssertions<E> {
  return {
    decision,
    then(...expected) {
      expect(decision).toEqual({ outcome: 'accepted', events: expected });
    },
    thenRefuses(code, details) {
      expect(decision).toMatchObject({ outcome: 'refused', refusal: { code } });
      if (decision.outcome !== 'refused') throw new Error('unreachable: the decision was not a refusal');
      if (details) expect(decision.refusal.details).toEqual(expect.objectContaining(details));
      return decision.refusal;
    },
    thenAlreadyApplied(atRevision) {
      expect(decision).toEqual(
        atRevision === undefined
          ? { outcome: 'already_applied', atRevision: expect.any(Number) }
          : { outcome: 'already_applied', atRevision },
      );
    },
    accepted() {
      expect(decision).toMatchObject({ outcome: 'accepted' });
      if (decision.outcome !== 'accepted') throw new Error('unreachable: the decision was not accepted');
      return decision.events;
    },
  };
}

export interface PatientSpec {
  /** The state folded from the given history. */
  readonly state: PatientState;
  when(command: PatientCommand, context?: DecisionContext): DecisionAssertions<PatientEvent>;
}

export function givenPatient(...history: PatientEvent[]): PatientSpec {
  const state = foldPatient(history);
  return {
    state,
    when: (command, context = defaultContext) => assertionsOf(decidePatient(command, state, context)),
  };
}

export interface PracticeSpec {
  readonly state: PracticeState;
  when(command: PracticeCommand, context?: PracticeDecisionContext): DecisionAssertions<PracticeEvent>;
}

export function givenPractice(...history: PracticeEvent[]): PracticeSpec {
  const state = history.reduce(evolvePractice, initialPracticeState);
  return {
    state,
    when: (command, context = { nowLocal: defaultContext.nowLocal, actorId: defaultContext.actorId }) =>
      assertionsOf(decidePractice(command, state, context)),
  };
}
