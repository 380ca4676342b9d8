import { givenPractice } from '../testing/decider-spec';
import {
  ACTOR,
  OTHER_ACTOR,
  NOW,
  PRACTICE_ID,
  RN_ADA,
  DR_GREY,
  practiceRegistered,
  practiceUpdated,
} from '../testing/fixtures';
import { afterHoursAccessOn } from './after-hours-access';
import { evolvePractice, initialPracticeState, type PracticeCommand, type PracticeEvent } from './practice';

const arrangement = {
  coveredBy: { staffIds: [RN_ADA.id, DR_GREY.id], service: 'Riverside nurse line' },
  means: ['phone_line', 'on_call_clinician'] as const,
  recordAccess: true,
};
type Arrangement = Partial<{
  changeId: string;
  effectiveOn: string;
  coveredBy: { staffIds: string[]; service?: string };
  means: readonly string[];
  recordAccess: boolean;
}>;

const arrange = (d: Arrangement = {}): PracticeCommand =>
  ({
    type: 'ArrangeAfterHoursAccess',
    data: { practiceId: PRACTICE_ID, changeId: 'ah-1', effectiveOn: '2026-01-01', ...arrangement, ...d },
  }) as PracticeCommand;
const arranged = (d: Arrangement = {}, type = 'AfterHoursAccessArranged'): PracticeEvent =>
  ({
    type,
    data: { changeId: 'ah-1', effectiveOn: '2026-01-01', ...arrangement, ...d, recordedBy: ACTOR },
  }) as PracticeEvent;
const end = (d: Partial<{ changeId: string; effectiveOn: string }> = {}): PracticeCommand => ({
  type: 'EndAfterHoursAccess',
  data: {
    practiceId: PRACTICE_ID,
    changeId: 'ah-9',
    effectiveOn: '2026-03-15',
    reason: 'service contract ended',
    ...d,
  },
});
const ended: PracticeEvent = {
  type: 'AfterHoursAccessEnded',
  data: { changeId: 'ah-9', effectiveOn: '2026-03-15', reason: 'service contract ended', recordedBy: ACTOR },
};

describe('24/7 access (practice stream)', () => {
  it('arranges after-hours access: who covers, how, and whether they see the record', () => {
    givenPractice(practiceRegistered()).when(arrange()).then(arranged());
  });

  it('changes the arrangement in force on the effective date, which may be in the past', () => {
    const change = { changeId: 'ah-2', effectiveOn: '2026-02-01', recordAccess: false };
    givenPractice(practiceRegistered(), arranged())
      .when(arrange(change))
      .then(arranged(change, 'AfterHoursAccessChanged'));
  });

  it('ends the arrangement from a date', () => {
    givenPractice(practiceRegistered(), arranged()).when(end()).then(ended);
  });

  it('refuses ending access that is not arranged on that date', () => {
    givenPractice(practiceRegistered())
      .when(end())
      .thenRefuses('AFTER_HOURS_ACCESS_NOT_IN_FORCE', { fields: ['effectiveOn'] });
    givenPractice(practiceRegistered(), arranged({ effectiveOn: '2026-03-20' }))
      .when(end())
      .thenRefuses('AFTER_HOURS_ACCESS_NOT_IN_FORCE');
  });

  it('refuses an answering machine or voicemail as the only means', () => {
    givenPractice(practiceRegistered())
      .when(arrange({ means: ['answering_machine'] }))
      .thenRefuses('AFTER_HOURS_MESSAGE_ONLY', { fields: ['means'] });
    givenPractice(practiceRegistered())
      .when(arrange({ means: ['voicemail', 'answering_machine'] }))
      .thenRefuses('AFTER_HOURS_MESSAGE_ONLY');
  });

  it('accepts voicemail beside a means that reaches someone', () => {
    const means = ['voicemail', 'on_call_clinician'];
    givenPractice(practiceRegistered()).when(arrange({ means })).then(arranged({ means }));
  });

  it('refuses no means, an unknown means, nobody covering, and covering staff not on the roster', () => {
    givenPractice(practiceRegistered())
      .when(arrange({ means: [] }))
      .thenRefuses('AFTER_HOURS_ACCESS_INVALID', { fields: ['means'] });
    givenPractice(practiceRegistered())
      .when(arrange({ means: ['carrier_pigeon'] }))
      .thenRefuses('AFTER_HOURS_ACCESS_INVALID', { fields: ['means'] });
    givenPractice(practiceRegistered())
      .when(arrange({ coveredBy: { staffIds: [] } }))
      .thenRefuses('AFTER_HOURS_ACCESS_INVALID', { fields: ['coveredBy'] });
    givenPractice(practiceRegistered())
      .when(arrange({ coveredBy: { staffIds: ['rn-elsewhere'] } }))
      .thenRefuses('AFTER_HOURS_COVERER_NOT_ON_ROSTER', { members: ['rn-elsewhere'] });
  });

  it('refuses a date after today or not a date, and a practice not registered', () => {
    givenPractice(practiceRegistered())
      .when(arrange({ effectiveOn: '2026-04-01' }))
      .thenRefuses('OCCURS_IN_FUTURE', { fields: ['effectiveOn'] });
    givenPractice(practiceRegistered())
      .when(arrange({ effectiveOn: '2026-02-29' }))
      .thenRefuses('DATE_INVALID', { fields: ['effectiveOn'] });
    givenPractice().when(arrange()).thenRefuses('PRACTICE_NOT_FOUND');
  });

  it('treats the change id as an idempotency key', () => {
    givenPractice(practiceRegistered(), arranged())
      .when(arrange(), { nowLocal: NOW, actorId: OTHER_ACTOR })
      .thenAlreadyApplied(1);
    givenPractice(practiceRegistered(), arranged())
      .when(arrange({ recordAccess: false }))
      .thenRefuses('AFTER_HOURS_CHANGE_ID_REUSED', { key: 'ah-1' });
  });

  it('evolves: the records survive a profile update, and the one in force is the latest effective', () => {
    const events: PracticeEvent[] = [
      practiceRegistered(),
      arranged(),
      arranged(
        { changeId: 'ah-2', effectiveOn: '2026-02-01', recordAccess: false },
        'AfterHoursAccessChanged',
      ),
      ended,
      practiceUpdated({ name: 'Riverside Health' }),
    ];
    const state = events.reduce(evolvePractice, initialPracticeState);
    if (state.status !== 'registered') throw new Error('expected a registered practice');
    expect(state.version).toBe(5);
    const records = state.afterHoursAccess;
    expect(afterHoursAccessOn(records, '2025-12-31')).toBeUndefined();
    expect(afterHoursAccessOn(records, '2026-01-31')?.arrangement?.recordAccess).toBe(true);
    expect(afterHoursAccessOn(records, '2026-02-01')?.arrangement?.recordAccess).toBe(false);
    expect(afterHoursAccessOn(records, '2026-03-15')?.arrangement).toBeNull();
    expect(afterHoursAccessOn(records, '2026-03-15')?.atRevision).toBe(3);
  });
});
