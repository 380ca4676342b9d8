import fc from 'fast-check';
import {
  createCarePlan,
  correctTime,
  defaultContext,
  DIABETES,
  enrollPatient,
  HYPERTENSION,
  logTime,
  recordConsent,
  recordContact,
  recordInitiatingVisit,
  reviseCarePlan,
  shareCarePlan,
  voidTime,
  withdrawConsent,
} from '../testing/fixtures';
import { decidePatient, evolvePatient, foldPatient, type PatientCommand, type PatientEvent } from './patient';
import { initialPatientState, type PatientState } from './patient-state';

/**
 * foldPatient builds the records of the state in place while it folds (linear time); evolvePatient copies
 * them on every event. Both must give the same state, and neither may ever write to a state it was given
 * (the record service keeps folded states in a cache and folds newer events onto them) or to the events.
 */

const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-03-${String(d).padStart(2, '0')}`);
const month = fc.constantFrom('2026-01', '2026-02', '2026-03');
const pick = (prefix: string) => fc.integer({ min: 1, max: 4 }).map((n) => `${prefix}-${n}`);
const reason = fc.constantFrom('Noted from the call log', 'Entered on the wrong patient');

/** Commands over a few ids, so that entries are corrected, voided, repeated and contradicted. */
const command: fc.Arbitrary<PatientCommand> = fc.oneof(
  fc
    .record({ consentId: pick('consent'), d: day })
    .map(({ consentId, d }) => recordConsent({ consentId, obtainedAt: `${d}T09:00` })),
  day.map((d) => withdrawConsent({ withdrawnAt: `${d}T17:00` })),
  fc
    .record({ visitId: pick('visit'), d: day })
    .map(({ visitId, d }) => recordInitiatingVisit({ visitId, visitDate: d })),
  fc.constant(createCarePlan()),
  fc.constant(reviseCarePlan()),
  fc.constant(shareCarePlan()),
  fc
    .record({ contactId: pick('contact'), d: day })
    .map(({ contactId, d }) => recordContact({ contactId, occurredAt: `${d}T11:00` })),
  fc
    .record({ entryId: pick('entry'), d: day, minutes: fc.integer({ min: 1, max: 60 }) })
    .map(({ entryId, d, minutes }) => logTime({ entryId, serviceDate: d, minutes })),
  fc.record({ entryId: pick('entry'), minutes: fc.integer({ min: 1, max: 60 }) }).map(correctTime),
  fc.record({ entryId: pick('entry'), why: reason }).map(({ entryId, why }) => voidTime(entryId, why)),
  fc
    .record({ entryId: pick('entry'), program: fc.constantFrom('CCM' as const, 'PCM' as const) })
    .map(({ entryId, program }): PatientCommand => ({
      type: 'ReallocateTime',
      data: { entryId, program, reason: 'Allocated at month end' },
    })),
  fc.constant<PatientCommand>({ type: 'AddCondition', data: { condition: HYPERTENSION } }),
  day.map((d): PatientCommand => ({
    type: 'ResolveCondition',
    data: { icd10: DIABETES.icd10, resolvedOn: d, reason: 'Resolved' },
  })),
  fc
    .record({ stayId: pick('stay'), d: day, discharged: fc.boolean() })
    .map(({ stayId, d, discharged }): PatientCommand => ({
      type: 'RecordInpatientStay',
      data: {
        stayId,
        stayType: 'acute_hospital_inpatient',
        admit: '2026-03-01',
        discharge: discharged ? d : null,
      },
    })),
  fc.record({ serviceId: pick('service'), d: day }).map(({ serviceId, d }): PatientCommand => ({
    type: 'RecordOtherService',
    data: { serviceId, code: 'G0181', date: d, practitionerId: 'dr-grey' },
  })),
  fc
    .record({ claimId: pick('claim'), serviceMonth: month })
    .map(({ claimId, serviceMonth }): PatientCommand => ({
      type: 'RecordOtherPractitionerClaim',
      data: { claimId, practitionerId: 'dr-x', code: '99490', serviceMonth, status: 'paid' },
    })),
  month.map((serviceMonth): PatientCommand => ({
    type: 'SubmitClaim',
    data: {
      serviceMonth,
      billingPractitionerId: 'dr-grey',
      codes: [{ code: '99490', units: 1 }],
      decision: { serviceMonth, codes: [{ code: '99490', units: 1 }] },
    },
  })),
  day.map((enrolledOn): PatientCommand => ({
    type: 'EnrollInRtm',
    data: { orderingPractitionerId: 'dr-grey', enrolledOn },
  })),
  fc
    .record({ periodId: pick('rtm-period'), d: day, days: fc.integer({ min: 0, max: 3 }) })
    .map(({ periodId, d, days }): PatientCommand => ({
      type: 'RecordRtmDevicePeriod',
      data: { periodId, start: d, daysWithTransmittedData: days },
    })),
  day.map((endedOn): PatientCommand => ({ type: 'EndRtm', data: { endedOn, reason: 'Device returned' } })),
  fc
    .record({ serviceId: pick('bh'), serviceMonth: month })
    .map(({ serviceId, serviceMonth }): PatientCommand => ({
      type: 'RecordBehavioralHealthService',
      data: {
        serviceId,
        serviceMonth,
        service: 'general_BHI',
        furnishedUnderPractitioner: 'dr-grey',
        activitiesDocumented: ['Screening reviewed'],
      },
    })),
  fc
    .record({ attemptId: pick('attempt'), serviceMonth: month })
    .map(({ attemptId, serviceMonth }): PatientCommand => ({
      type: 'RecordAttemptedClaimLines',
      data: { attemptId, serviceMonth, lines: [{ code: '99424', units: 1 }] },
    })),
);

interface History {
  readonly events: readonly PatientEvent[];
  /** The state folded event by event with evolvePatient, as the commands were decided. */
  readonly stepwise: PatientState;
}

/** An enrolment, then the commands decided one by one on the state so far; refusals are skipped. */
const history: fc.Arbitrary<History> = fc
  .array(command, { maxLength: 80, size: 'medium' })
  .map((commands) => {
    const events: PatientEvent[] = [];
    let state: PatientState = initialPatientState;
    for (const c of [enrollPatient({ enrolledOn: '2026-01-05' }), ...commands]) {
      const decision = decidePatient(c, state, defaultContext);
      if (decision.outcome !== 'accepted') continue;
      for (const event of decision.events) {
        state = evolvePatient(state, event);
        events.push(event);
      }
    }
    return { events, stepwise: state };
  });

/**
 * A deep copy in this realm (structuredClone's objects fail toStrictEqual under jest), each object with
 * the prototype it had (the state's persistent maps are class instances).
 */
function copyOf<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyOf) as T;
  if (value !== null && typeof value === 'object') {
    const copy: object = Object.create(Object.getPrototypeOf(value));
    const entries = Object.entries(value).map(([k, v]) => [k, copyOf(v)]);
    return Object.assign(copy, Object.fromEntries(entries)) as T;
  }
  return value;
}

/** Freezes a value at every depth: any later write to it throws (the specs run in strict mode). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

describe('foldPatient, the linear fold', () => {
  it('generates histories with every kind of record the fold builds', () => {
    const seen = new Set<string>();
    for (const { events } of fc.sample(history, { numRuns: 200, seed: 42 })) {
      for (const event of events) seen.add(event.type);
    }
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'ClaimSubmitted',
        'ConditionAdded',
        'ConsentRecorded',
        'ConsentWithdrawn',
        'ContactRecorded',
        'InitiatingVisitRecorded',
        'InpatientStayRecorded',
        'OtherPractitionerClaimRecorded',
        'OtherServiceRecorded',
        'RtmDevicePeriodRecorded',
        'RtmEnded',
        'RtmEnrolled',
        'BehavioralHealthServiceRecorded',
        'ClaimLinesAttempted',
        'TimeCorrected',
        'TimeLogged',
        'TimeReallocated',
        'TimeVoided',
      ]),
    );
  });

  it('folds to the same state as evolvePatient event by event (property)', () => {
    fc.assert(
      fc.property(history, ({ events, stepwise }) => {
        deepFreeze(events);
        expect(foldPatient(events)).toStrictEqual(stepwise);
        expect(events.reduce(evolvePatient, initialPatientState)).toStrictEqual(stepwise);
      }),
    );
  });

  it('folds onto a cached state without writing to it, as often as asked (property)', () => {
    fc.assert(
      fc.property(history, fc.nat(), fc.nat(), ({ events, stepwise }, at, again) => {
        deepFreeze(events);
        const split = at % (events.length + 1);
        const cached = foldPatient(events.slice(0, split));
        const before = copyOf(cached);
        deepFreeze(cached); // a write to the cached state, or to anything in it, now throws
        const resumed = foldPatient(events.slice(split), cached);
        expect(resumed).toStrictEqual(stepwise);
        expect(cached).toStrictEqual(before);
        // A second reader folding the same events onto the same cached state gets the same state.
        expect(foldPatient(events.slice(split), cached)).toStrictEqual(stepwise);
        // Folding further onto a fold's result, with either function, leaves that result as it was.
        const rest = events.slice(again % (split + 1));
        const resumedBefore = copyOf(resumed);
        deepFreeze(resumed);
        expect(foldPatient(rest, resumed)).toStrictEqual(rest.reduce(evolvePatient, resumed));
        expect(resumed).toStrictEqual(resumedBefore);
      }),
    );
  });

  it('keeps records it built in one fold out of reach of the next', () => {
    const [{ events }] = fc.sample(
      history.filter((h) => h.events.some((e) => e.type === 'TimeLogged')),
      { numRuns: 1, seed: 7 },
    );
    const first = foldPatient(events);
    const second = foldPatient(events.filter((e) => e.type === 'TimeLogged').slice(0, 1), first);
    if (first.status !== 'enrolled' || second.status !== 'enrolled') throw new Error('expected enrolled');
    expect(second.timeEntries).not.toBe(first.timeEntries);
    expect(second.idempotencyKeys).not.toBe(first.idempotencyKeys);
    expect(second.version).toBe(first.version + 1);
  });
});
