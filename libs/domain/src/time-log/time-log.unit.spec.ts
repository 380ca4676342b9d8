import fc from 'fast-check';
import {
  decidePatient,
  evolvePatient,
  foldPatient,
  type PatientCommand,
  type PatientEvent,
} from '../patient/patient';
import type { EnrolledPatient, PatientState } from '../patient/patient-state';
import type { PerformerRole } from '../practice/practice';
import { givenPatient } from '../testing/decider-spec';
import {
  DR_GREY,
  NP_NINA,
  OTHER_ACTOR,
  RN_ADA,
  SCHEDULER_SAM,
  consentRecorded,
  consentWithdrawn,
  contactRecorded,
  correctTime,
  defaultContext,
  logTime,
  patientEnrolled,
  practiceProfile,
  registeredPractice,
  timeCorrected,
  timeLogged,
  timeVoided,
  voidTime,
} from '../testing/fixtures';
import type { TimeLogCommand } from './time-log';
import type { TimeProgram } from './time-log.events';

function enrolled(...events: PatientEvent[]): EnrolledPatient {
  const state = foldPatient(events);
  if (state.status !== 'enrolled') throw new Error('expected an enrolled patient');
  return state;
}

describe('time log', () => {
  describe('LogTime', () => {
    it('logs clinical staff time for a consented patient', () => {
      givenPatient(patientEnrolled(), consentRecorded()).when(logTime()).then(timeLogged());
    });

    it('logs the billing practitioner’s own time (TIME-6, TIME-7)', () => {
      const entry = {
        performerId: DR_GREY.id,
        performerRole: 'physician_qhp' as const,
        activity: 'care_plan_revision',
      };
      givenPatient(patientEnrolled(), consentRecorded()).when(logTime(entry)).then(timeLogged(entry));
    });

    it('logs the time of a staff practitioner as physician/QHP time', () => {
      const entry = { performerId: NP_NINA.id, performerRole: 'physician_qhp' as const };
      givenPatient(patientEnrolled()).when(logTime(entry)).then(timeLogged(entry));
    });

    it('keeps every optional detail of the entry as given (TIME-17)', () => {
      const details = {
        faceToFace: false,
        patientContact: true,
        interactiveCommunication: true,
        jointWith: [DR_GREY.id],
        note: 'Huddle on diuretic dose',
      };
      givenPatient(patientEnrolled()).when(logTime(details)).then(timeLogged(details));
    });

    describe('documentation is never refused for billing reasons', () => {
      it('logs time before any consent: billing excludes it, the record keeps it (CONS-1, TIME-8)', () => {
        givenPatient(patientEnrolled()).when(logTime()).then(timeLogged());
      });

      it('logs time after a consent was withdrawn (CONS-6, CONS-7)', () => {
        givenPatient(
          patientEnrolled(),
          consentRecorded(),
          consentWithdrawn({ withdrawnAt: '2026-03-05T09:00' }),
        )
          .when(logTime({ serviceDate: '2026-03-20' }))
          .then(timeLogged({ serviceDate: '2026-03-20' }));
      });

      it('logs time late, months after the service date (TIME-1 is billing’s concern)', () => {
        givenPatient(patientEnrolled())
          .when(logTime({ serviceDate: '2025-11-03' }))
          .then(timeLogged({ serviceDate: '2025-11-03' }));
      });

      it('logs time dated before the enrolment', () => {
        givenPatient(patientEnrolled())
          .when(logTime({ serviceDate: '2025-12-30' }))
          .then(timeLogged({ serviceDate: '2025-12-30' }));
      });

      it('logs non-clinical staff time, which never counts (TIME-3)', () => {
        const entry = {
          performerId: SCHEDULER_SAM.id,
          performerRole: 'non_clinical_staff' as const,
          activity: 'scheduling',
        };
        givenPatient(patientEnrolled(), consentRecorded()).when(logTime(entry)).then(timeLogged(entry));
      });

      it('logs prior authorisation work (TIME-13)', () => {
        givenPatient(patientEnrolled())
          .when(logTime({ activity: 'prior_authorization' }))
          .then(timeLogged({ activity: 'prior_authorization' }));
      });

      it('logs an unsuccessful outreach attempt (TIME-12)', () => {
        const attempt = {
          activity: 'outreach_call',
          outcome: 'unsuccessful' as const,
          patientContact: false,
        };
        givenPatient(patientEnrolled()).when(logTime(attempt)).then(timeLogged(attempt));
      });

      it('logs face-to-face time during a billed E/M visit (TIME-4)', () => {
        const visitTime = { faceToFace: true, duringBilledEm: '99214' };
        givenPatient(patientEnrolled()).when(logTime(visitTime)).then(timeLogged(visitTime));
      });

      it('logs time for another program, such as RPM', () => {
        givenPatient(patientEnrolled())
          .when(logTime({ program: 'RPM' }))
          .then(timeLogged({ program: 'RPM' }));
      });

      it('logs an unallocated entry naming two or more programs (TIME-18)', () => {
        const program: TimeProgram[] = ['CCM', 'RPM'];
        givenPatient(patientEnrolled()).when(logTime({ program })).then(timeLogged({ program }));
      });
    });

    describe('minutes (TIME-2: whole minutes, one entry at most four hours)', () => {
      it.each([1, 240])('accepts %i minutes', (minutes) => {
        givenPatient(patientEnrolled())
          .when(logTime({ minutes, startTime: '09:00' }))
          .then(timeLogged({ minutes, startTime: '09:00' }));
      });

      it.each([
        ['zero', 0],
        ['more than 240', 241],
        ['a fraction', 12.5],
        ['negative', -5],
        ['not a number', Number.NaN],
        ['infinite', Number.POSITIVE_INFINITY],
        ['far beyond any date (1e13: its end is no date at all)', 1e13],
      ])('refuses %s minutes', (_why, minutes) => {
        givenPatient(patientEnrolled())
          .when(logTime({ minutes }))
          .thenRefuses('MINUTES_OUT_OF_RANGE', { fields: ['minutes'] });
      });
    });

    describe('when the time happened', () => {
      it('accepts an entry ending exactly now', () => {
        const entry = { serviceDate: '2026-03-31', startTime: '17:30', minutes: 30 };
        givenPatient(patientEnrolled()).when(logTime(entry)).then(timeLogged(entry));
      });

      it('refuses an entry ending one minute after now', () => {
        givenPatient(patientEnrolled())
          .when(logTime({ serviceDate: '2026-03-31', startTime: '17:31', minutes: 30 }))
          .thenRefuses('TIME_IN_FUTURE', { fields: ['serviceDate', 'startTime', 'minutes'] });
      });

      it('refuses an entry on a later date', () => {
        givenPatient(patientEnrolled())
          .when(logTime({ serviceDate: '2026-04-01', startTime: '08:00' }))
          .thenRefuses('TIME_IN_FUTURE');
      });

      it.each([
        ['a day the month lacks', { serviceDate: '2026-02-30' }],
        ['a date in another format', { serviceDate: '03/10/2026' }],
        ['hour 24', { startTime: '24:00' }],
        ['an unpadded hour', { startTime: '9:00' }],
      ])('refuses %s', (_why, overrides) => {
        givenPatient(patientEnrolled())
          .when(logTime(overrides))
          .thenRefuses('TIME_INVALID', { fields: ['serviceDate', 'startTime'] });
      });

      it('marks where an entry crossing midnight ends (TIME-15)', () => {
        givenPatient(patientEnrolled())
          .when(logTime({ serviceDate: '2026-03-10', startTime: '23:50', minutes: 20 }))
          .then(
            timeLogged({
              serviceDate: '2026-03-10',
              startTime: '23:50',
              minutes: 20,
              endsAt: '2026-03-11T00:10',
            }),
          );
      });

      it('does not mark an entry that ends exactly at midnight: none of its minutes is on the next date', () => {
        givenPatient(patientEnrolled())
          .when(logTime({ serviceDate: '2026-03-10', startTime: '23:50', minutes: 10 }))
          .then(timeLogged({ serviceDate: '2026-03-10', startTime: '23:50', minutes: 10 }));
      });

      it('marks where an entry crossing a month end ends, so billing can split it (TIME-15)', () => {
        givenPatient(patientEnrolled())
          .when(logTime({ serviceDate: '2026-02-28', startTime: '23:45', minutes: 30 }))
          .then(
            timeLogged({
              serviceDate: '2026-02-28',
              startTime: '23:45',
              minutes: 30,
              endsAt: '2026-03-01T00:15',
            }),
          );
      });

      it('leaves endsAt out for an entry within one day', () => {
        givenPatient(patientEnrolled())
          .when(logTime({ serviceDate: '2026-03-10', startTime: '23:00', minutes: 59 }))
          .then(timeLogged({ serviceDate: '2026-03-10', startTime: '23:00', minutes: 59 }));
      });
    });

    describe('performer', () => {
      it('refuses a performer who is not on the roster', () => {
        givenPatient(patientEnrolled())
          .when(logTime({ performerId: 'agency-nurse' }))
          .thenRefuses('PERFORMER_NOT_ON_ROSTER', { fields: ['performerId'] });
      });

      it.each<[string, string, PerformerRole]>([
        ['non-clinical staff claimed as clinical staff', SCHEDULER_SAM.id, 'clinical_staff'],
        ['clinical staff claimed as physician/QHP', RN_ADA.id, 'physician_qhp'],
        ['a billing practitioner claimed as clinical staff', DR_GREY.id, 'clinical_staff'],
      ])('refuses %s (TIME-3)', (_why, performerId, performerRole) => {
        givenPatient(patientEnrolled())
          .when(logTime({ performerId, performerRole }))
          .thenRefuses('PERFORMER_ROLE_MISMATCH', { fields: ['performerRole'] });
      });

      it('names the roster role in the refusal', () => {
        const refusal = givenPatient(patientEnrolled())
          .when(logTime({ performerId: SCHEDULER_SAM.id, performerRole: 'clinical_staff' }))
          .thenRefuses('PERFORMER_ROLE_MISMATCH');
        expect(refusal.message).toContain('non_clinical_staff');
      });
    });

    it.each<[string, TimeProgram[]]>([
      ['one program', ['CCM']],
      ['the same program twice', ['CCM', 'CCM']],
      ['no program', []],
    ])('refuses a program list with %s: a list means two or more programs (TIME-18)', (_why, program) => {
      givenPatient(patientEnrolled())
        .when(logTime({ program }))
        .thenRefuses('PROGRAM_INVALID', { fields: ['program'] });
    });

    it('refuses for a patient who is not enrolled', () => {
      givenPatient().when(logTime()).thenRefuses('PATIENT_NOT_FOUND');
    });

    describe('the entry id is an idempotency key', () => {
      it('answers a re-sent entry as already applied at the revision of the original', () => {
        givenPatient(patientEnrolled(), consentRecorded(), timeLogged(), timeLogged({ entryId: 'entry-2' }))
          .when(logTime())
          .thenAlreadyApplied(2);
      });

      it('treats a re-send by another user as the same entry', () => {
        givenPatient(patientEnrolled(), timeLogged())
          .when(logTime(), { ...defaultContext, actorId: OTHER_ACTOR })
          .thenAlreadyApplied(1);
      });

      it('recognises a re-sent entry that crosses midnight', () => {
        const entry = { serviceDate: '2026-03-10', startTime: '23:50', minutes: 20 };
        givenPatient(patientEnrolled(), timeLogged({ ...entry, endsAt: '2026-03-11T00:10' }))
          .when(logTime(entry))
          .thenAlreadyApplied(1);
      });

      it('answers a re-send as already applied even though the roster changed since', () => {
        const practiceWithoutAda = {
          ...defaultContext,
          practice: registeredPractice({ staff: [SCHEDULER_SAM] }),
        };
        givenPatient(patientEnrolled(), timeLogged())
          .when(logTime(), practiceWithoutAda)
          .thenAlreadyApplied(1);
      });

      it('answers a re-send of a corrected entry with the original, not the correction', () => {
        givenPatient(patientEnrolled(), timeLogged(), timeCorrected()).when(logTime()).thenAlreadyApplied(1);
      });

      it('answers a re-send of a voided entry as already applied: a retry never brings it back', () => {
        givenPatient(patientEnrolled(), timeLogged(), timeVoided()).when(logTime()).thenAlreadyApplied(1);
      });

      it('refuses the same id with different content', () => {
        givenPatient(patientEnrolled(), timeLogged())
          .when(logTime({ minutes: 26 }))
          .thenRefuses('ENTRY_ID_REUSED', { key: 'time:entry-1' });
      });

      it('does not confuse an entry id with a contact id of the same value', () => {
        givenPatient(patientEnrolled(), contactRecorded({ contactId: 'entry-1' }))
          .when(logTime())
          .then(timeLogged());
      });
    });
  });

  describe('CorrectTime (TIME-16)', () => {
    it('corrects the minutes of an entry, recording why and by whom', () => {
      givenPatient(patientEnrolled(), timeLogged()).when(correctTime()).then(timeCorrected());
    });

    it('corrects the date and start time', () => {
      givenPatient(patientEnrolled(), timeLogged())
        .when(correctTime({ minutes: 25, serviceDate: '2026-03-09', startTime: '10:15' }))
        .then(timeCorrected({ minutes: 25, serviceDate: '2026-03-09', startTime: '10:15' }));
    });

    it('records the user who corrected it', () => {
      givenPatient(patientEnrolled(), timeLogged())
        .when(correctTime(), { ...defaultContext, actorId: OTHER_ACTOR })
        .then(timeCorrected({ correctedBy: OTHER_ACTOR }));
    });

    it('marks where a corrected entry ends when the correction makes it cross midnight (TIME-15)', () => {
      givenPatient(patientEnrolled(), timeLogged({ startTime: '23:30', minutes: 10 }))
        .when(correctTime({ minutes: 45 }))
        .then(timeCorrected({ startTime: '23:30', minutes: 45, endsAt: '2026-03-11T00:15' }));
    });

    it('drops endsAt when the correction brings the entry back within one day', () => {
      givenPatient(
        patientEnrolled(),
        timeLogged({ startTime: '23:50', minutes: 20, endsAt: '2026-03-11T00:10' }),
      )
        .when(correctTime({ minutes: 5 }))
        .then(timeCorrected({ startTime: '23:50', minutes: 5 }));
    });

    it('corrects a corrected entry back to what was first logged', () => {
      givenPatient(patientEnrolled(), timeLogged(), timeCorrected())
        .when(correctTime({ minutes: 25 }))
        .then(timeCorrected({ minutes: 25 }));
    });

    it('corrects late: a correction is documentation too', () => {
      givenPatient(patientEnrolled(), timeLogged({ serviceDate: '2025-10-01' }))
        .when(correctTime({ minutes: 30 }))
        .then(timeCorrected({ serviceDate: '2025-10-01', minutes: 30 }));
    });

    it('refuses to correct an entry that does not exist', () => {
      givenPatient(patientEnrolled(), timeLogged())
        .when(correctTime({ entryId: 'entry-404' }))
        .thenRefuses('ENTRY_NOT_FOUND', { fields: ['entryId'] });
    });

    it('refuses to correct a voided entry', () => {
      givenPatient(patientEnrolled(), timeLogged(), timeVoided())
        .when(correctTime())
        .thenRefuses('ENTRY_VOIDED');
    });

    it('refuses a correction that changes nothing', () => {
      givenPatient(patientEnrolled(), timeLogged())
        .when(correctTime({ minutes: 25 }))
        .thenRefuses('CORRECTION_CHANGES_NOTHING');
    });

    it('compares with the entry as corrected, not as first logged', () => {
      givenPatient(patientEnrolled(), timeLogged(), timeCorrected())
        .when(correctTime({ minutes: 35, serviceDate: '2026-03-10', startTime: '14:00' }))
        .thenRefuses('CORRECTION_CHANGES_NOTHING');
    });

    it.each([0, 1e13])('refuses corrected minutes out of range (%p)', (minutes) => {
      givenPatient(patientEnrolled(), timeLogged())
        .when(correctTime({ minutes }))
        .thenRefuses('MINUTES_OUT_OF_RANGE');
    });

    it('refuses a correction that would end after now', () => {
      givenPatient(patientEnrolled(), timeLogged())
        .when(correctTime({ serviceDate: '2026-03-31', startTime: '17:45', minutes: 16 }))
        .thenRefuses('TIME_IN_FUTURE');
    });

    it('refuses a corrected date that does not exist', () => {
      givenPatient(patientEnrolled(), timeLogged())
        .when(correctTime({ serviceDate: '2026-02-29' }))
        .thenRefuses('TIME_INVALID');
    });

    it('refuses for a patient who is not enrolled', () => {
      givenPatient().when(correctTime()).thenRefuses('PATIENT_NOT_FOUND');
    });
  });

  describe('VoidTime (TIME-16)', () => {
    it('voids an entry, recording why and by whom', () => {
      givenPatient(patientEnrolled(), timeLogged()).when(voidTime()).then(timeVoided());
    });

    it('voids a corrected entry', () => {
      givenPatient(patientEnrolled(), timeLogged(), timeCorrected()).when(voidTime()).then(timeVoided());
    });

    it('refuses to void an entry that does not exist', () => {
      givenPatient(patientEnrolled())
        .when(voidTime('entry-404'))
        .thenRefuses('ENTRY_NOT_FOUND', { fields: ['entryId'] });
    });

    it('refuses to void an entry twice', () => {
      givenPatient(patientEnrolled(), timeLogged(), timeVoided())
        .when(voidTime())
        .thenRefuses('ENTRY_VOIDED');
    });

    it('refuses for a patient who is not enrolled', () => {
      givenPatient().when(voidTime()).thenRefuses('PATIENT_NOT_FOUND');
    });
  });

  describe('evolve', () => {
    it('holds a logged entry with the revision of its event', () => {
      const state = enrolled(patientEnrolled(), consentRecorded(), timeLogged());
      expect(state.timeEntries.get('entry-1')).toEqual({
        entryId: 'entry-1',
        logged: {
          performerId: RN_ADA.id,
          performerRole: 'clinical_staff',
          program: 'CCM',
          activity: 'medication_reconciliation',
          serviceDate: '2026-03-10',
          startTime: '14:00',
          minutes: 25,
        },
        loggedAtRevision: 2,
        minutes: 25,
        serviceDate: '2026-03-10',
        startTime: '14:00',
        corrections: 0,
        status: 'active',
        program: 'CCM',
      });
      expect(state.idempotencyKeys.get('time:entry-1')).toMatchObject({ atRevision: 2 });
    });

    it('applies corrections, counting them, and keeps the entry as first logged', () => {
      const state = enrolled(
        patientEnrolled(),
        timeLogged(),
        timeCorrected(),
        timeCorrected({ minutes: 40, serviceDate: '2026-03-11', startTime: '08:00' }),
      );
      expect(state.timeEntries.get('entry-1')).toMatchObject({
        minutes: 40,
        serviceDate: '2026-03-11',
        startTime: '08:00',
        corrections: 2,
        status: 'active',
        logged: expect.objectContaining({ minutes: 25, serviceDate: '2026-03-10', startTime: '14:00' }),
      });
      expect(state.version).toBe(4);
    });

    it('marks a voided entry and keeps it, for the audit view', () => {
      const state = enrolled(patientEnrolled(), timeLogged(), timeCorrected(), timeVoided());
      expect(state.timeEntries.get('entry-1')).toMatchObject({
        status: 'voided',
        minutes: 35,
        corrections: 1,
      });
    });

    it('leaves other entries alone', () => {
      const state = enrolled(
        patientEnrolled(),
        timeLogged(),
        timeLogged({ entryId: 'entry-2', minutes: 10 }),
        timeVoided('entry-2'),
      );
      expect(state.timeEntries.get('entry-1')).toMatchObject({ status: 'active', minutes: 25 });
      expect(state.timeEntries.get('entry-2')).toMatchObject({
        status: 'voided',
        minutes: 10,
        loggedAtRevision: 2,
      });
    });

    it('still counts a correction or void of an unknown entry in the version, changing nothing else', () => {
      const before = enrolled(patientEnrolled(), timeLogged());
      const after = foldPatient([timeCorrected({ entryId: 'ghost' }), timeVoided('ghost')], before);
      expect(after).toEqual({ ...before, version: before.version + 2 });
    });
  });

  describe('properties', () => {
    const entryIds = ['e1', 'e2', 'e3'];
    const performers = [
      { performerId: RN_ADA.id, performerRole: 'clinical_staff' as const },
      { performerId: DR_GREY.id, performerRole: 'physician_qhp' as const },
      { performerId: SCHEDULER_SAM.id, performerRole: 'non_clinical_staff' as const },
      { performerId: SCHEDULER_SAM.id, performerRole: 'clinical_staff' as const },
    ];
    const serviceDate = fc.constantFrom('2026-02-28', '2026-03-10', '2026-03-31', '2026-04-01', '2026-02-30');
    const startTime = fc.constantFrom('00:00', '14:00', '17:45', '23:50');
    const minutes = fc.oneof(fc.integer({ min: -1, max: 250 }), fc.constantFrom(1, 25, 240, 241, 12.5));
    const entryId = fc.constantFrom(...entryIds);

    const command: fc.Arbitrary<TimeLogCommand> = fc.oneof(
      fc
        .record({
          entryId,
          performer: fc.constantFrom(...performers),
          serviceDate,
          startTime,
          minutes,
          program: fc.constantFrom<TimeProgram>('CCM', 'PCM'),
        })
        .map(({ performer, ...rest }) => logTime({ ...performer, ...rest })),
      fc
        .record({
          entryId,
          minutes,
          serviceDate: fc.option(serviceDate, { nil: undefined }),
          startTime: fc.option(startTime, { nil: undefined }),
        })
        .map(({ serviceDate: date, startTime: time, ...rest }) =>
          correctTime({
            ...rest,
            ...(date ? { serviceDate: date } : {}),
            ...(time ? { startTime: time } : {}),
          }),
        ),
      entryId.map((id) => voidTime(id)),
    );

    /** Runs commands against the decider as the application would, keeping only accepted events. */
    function run(commands: readonly PatientCommand[]) {
      const history: PatientEvent[] = [patientEnrolled()];
      let state: PatientState = foldPatient(history);
      const replays: { entryId: string; atRevision: number }[] = [];
      for (const cmd of commands) {
        const decision = decidePatient(cmd, state, defaultContext);
        if (decision.outcome === 'accepted') {
          for (const event of decision.events) {
            state = evolvePatient(state, event);
            history.push(event);
          }
        } else if (decision.outcome === 'already_applied' && cmd.type === 'LogTime') {
          replays.push({ entryId: cmd.data.entryId, atRevision: decision.atRevision });
        }
      }
      return { history, state, replays };
    }

    it('keeps version equal to the number of events and never loses an entry', () => {
      fc.assert(
        fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
          const { history, state, replays } = run(commands);
          if (state.status !== 'enrolled') throw new Error('expected an enrolled patient');

          expect(state.version).toBe(history.length);
          expect(foldPatient(history)).toEqual(state);

          const loggedAt = new Map<string, number>();
          history.forEach((event, revision) => {
            if (event.type === 'TimeLogged') loggedAt.set(event.data.entryId, revision);
          });
          expect(state.timeEntries.keys().sort()).toEqual([...loggedAt.keys()].sort());
          for (const [id, revision] of loggedAt) {
            expect(state.timeEntries.get(id)?.loggedAtRevision).toBe(revision);
            expect(history[revision]).toMatchObject({ type: 'TimeLogged', data: { entryId: id } });
          }
          for (const replay of replays) expect(replay.atRevision).toBe(loggedAt.get(replay.entryId));

          for (const [id, entry] of state.timeEntries.entries()) {
            const ofEntry = history.filter((e) => 'entryId' in e.data && e.data.entryId === id);
            const voided = ofEntry.some((e) => e.type === 'TimeVoided');
            expect(entry.status).toBe(voided ? 'voided' : 'active');
            expect(ofEntry.filter((e) => e.type === 'TimeLogged')).toHaveLength(1);
            expect(entry.corrections).toBe(ofEntry.filter((e) => e.type === 'TimeCorrected').length);
            const minutesOverTime = ofEntry.flatMap((e) =>
              e.type === 'TimeLogged' || e.type === 'TimeCorrected' ? [e.data.minutes] : [],
            );
            expect(entry.minutes).toBe(minutesOverTime[minutesOverTime.length - 1]);
            expect(Number.isInteger(entry.minutes) && entry.minutes >= 1 && entry.minutes <= 240).toBe(true);
          }
        }),
        { numRuns: 300 },
      );
    });

    it('never accepts anything after a void of the same entry', () => {
      fc.assert(
        fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
          const { history } = run(commands);
          const voidedAt = new Map<string, number>();
          history.forEach((event, revision) => {
            if (event.type === 'TimeVoided') {
              expect(voidedAt.has(event.data.entryId)).toBe(false);
              voidedAt.set(event.data.entryId, revision);
            } else if (event.type === 'TimeCorrected') {
              expect(voidedAt.has(event.data.entryId)).toBe(false);
            }
          });
        }),
      );
    });
  });

  it('reads the roster of the decision context, not a copy taken at enrolment', () => {
    const practiceWithNewHire = registeredPractice({
      staff: [...practiceProfile().staff, { id: 'rn-new', role: 'clinical_staff', credential: 'RN' }],
    });
    givenPatient(patientEnrolled())
      .when(logTime({ performerId: 'rn-new' }), { ...defaultContext, practice: practiceWithNewHire })
      .then(timeLogged({ performerId: 'rn-new' }));
  });
});
