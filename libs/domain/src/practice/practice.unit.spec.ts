import { givenPractice } from '../testing/decider-spec';
import {
  DR_GREY,
  DR_HOUSE,
  NP_NINA,
  RN_ADA,
  SCHEDULER_SAM,
  practiceProfile,
  practiceRegistered,
  practiceUpdated,
  registerPractice,
  registeredPractice,
  updatePractice,
} from '../testing/fixtures';
import {
  evolvePractice,
  initialPracticeState,
  isBillingPractitioner,
  isOnRoster,
  performerRoleOf,
} from './practice';

describe('practice', () => {
  describe('RegisterPractice', () => {
    it('registers a practice with its time zone, billing practitioners and staff roster', () => {
      givenPractice().when(registerPractice()).then(practiceRegistered());
    });

    it('accepts a practice with billing practitioners and no other staff', () => {
      givenPractice()
        .when(registerPractice({ staff: [] }))
        .then(practiceRegistered({ staff: [] }));
    });

    it('refuses to register the same practice twice', () => {
      givenPractice(practiceRegistered()).when(registerPractice()).thenRefuses('PRACTICE_ALREADY_REGISTERED');
    });
  });

  describe('UpdatePractice', () => {
    it('replaces the profile of a registered practice', () => {
      const staff = [RN_ADA, NP_NINA];
      givenPractice(practiceRegistered()).when(updatePractice({ staff })).then(practiceUpdated({ staff }));
    });

    it('refuses an update that would change the practice id, which names the stream and every enrolment', () => {
      givenPractice(practiceRegistered())
        .when(updatePractice({ practiceId: 'practice-elsewhere' }))
        .thenRefuses('PRACTICE_PROFILE_INVALID', { fields: ['practiceId'] });
    });

    it('refuses to update a practice that was never registered', () => {
      givenPractice().when(updatePractice()).thenRefuses('PRACTICE_NOT_FOUND');
    });
  });

  describe('profile validation (PRACTICE_PROFILE_INVALID names every problem)', () => {
    it.each([
      ['a practice id that is not an id', { practiceId: 'river side' }, 'practiceId'],
      ['a blank name', { name: '   ' }, 'name'],
      ['an unknown time zone', { timeZone: 'Eastern' }, 'timeZone'],
      ['no billing practitioner (PRAC-1)', { billingPractitioners: [] }, 'billingPractitioners'],
      [
        'a billing practitioner id that is not an id',
        { billingPractitioners: [{ ...DR_GREY, id: 'dr grey' }] },
        'billingPractitioners[0].id',
      ],
      [
        'an NPI with a wrong check digit',
        { billingPractitioners: [DR_GREY, { ...DR_HOUSE, npi: '9876543210' }] },
        'billingPractitioners[1].npi',
      ],
      [
        'an NPI of nine digits',
        { billingPractitioners: [{ ...DR_GREY, npi: '123456789' }] },
        'billingPractitioners[0].npi',
      ],
      [
        'a staff id that is not an id',
        { staff: [RN_ADA, { ...SCHEDULER_SAM, id: 'sched/sam' }] },
        'staff[1].id',
      ],
      [
        'one id for two roster members',
        { staff: [RN_ADA, { ...SCHEDULER_SAM, id: DR_GREY.id }] },
        `duplicate roster ids: ${DR_GREY.id}`,
      ],
      [
        'one NPI for two billing practitioners',
        { billingPractitioners: [DR_GREY, { ...DR_HOUSE, npi: DR_GREY.npi }] },
        'duplicate NPIs',
      ],
    ])('refuses a profile with %s', (_why, overrides, field) => {
      givenPractice()
        .when(registerPractice(overrides))
        .thenRefuses('PRACTICE_PROFILE_INVALID', {
          fields: expect.arrayContaining([field]),
        });
    });

    it('lists all the problems at once', () => {
      givenPractice()
        .when(registerPractice({ name: '', timeZone: 'Nowhere/Town', billingPractitioners: [] }))
        .thenRefuses('PRACTICE_PROFILE_INVALID', { fields: ['name', 'timeZone', 'billingPractitioners'] });
    });

    it('validates an update the same way as a registration', () => {
      givenPractice(practiceRegistered())
        .when(updatePractice({ billingPractitioners: [{ ...DR_GREY, npi: '1234567890' }] }))
        .thenRefuses('PRACTICE_PROFILE_INVALID', { fields: ['billingPractitioners[0].npi'] });
    });
  });

  describe('evolve', () => {
    it('counts every event in the version', () => {
      const registered = evolvePractice(initialPracticeState, practiceRegistered());
      const updated = evolvePractice(registered, practiceUpdated({ name: 'Riverside Health' }));
      expect(registered.version).toBe(1);
      expect(updated).toMatchObject({ status: 'registered', version: 2, name: 'Riverside Health' });
    });

    it('holds the latest profile, roster included', () => {
      const state = [practiceRegistered(), practiceUpdated({ staff: [RN_ADA] })].reduce(
        evolvePractice,
        initialPracticeState,
      );
      expect(state).toEqual({ status: 'registered', version: 2, ...practiceProfile({ staff: [RN_ADA] }) });
    });
  });

  describe('roster roles (TIME-3, TIME-6, TIME-7)', () => {
    const practice = registeredPractice();

    it('classifies billing practitioners and staff practitioners as physician/QHP', () => {
      expect(performerRoleOf(practice, DR_GREY.id)).toBe('physician_qhp');
      expect(performerRoleOf(practice, NP_NINA.id)).toBe('physician_qhp');
    });

    it('classifies clinical and non-clinical staff by their roster role', () => {
      expect(performerRoleOf(practice, RN_ADA.id)).toBe('clinical_staff');
      expect(performerRoleOf(practice, SCHEDULER_SAM.id)).toBe('non_clinical_staff');
    });

    it('knows nobody off the roster, and nobody at an unregistered practice', () => {
      expect(performerRoleOf(practice, 'stranger')).toBeUndefined();
      expect(isOnRoster(practice, 'stranger')).toBe(false);
      expect(performerRoleOf(initialPracticeState, RN_ADA.id)).toBeUndefined();
    });

    it('treats only the listed billing practitioners as billing practitioners', () => {
      expect(isBillingPractitioner(practice, DR_HOUSE.id)).toBe(true);
      expect(isBillingPractitioner(practice, NP_NINA.id)).toBe(false);
      expect(isBillingPractitioner(initialPracticeState, DR_GREY.id)).toBe(false);
    });
  });
});
