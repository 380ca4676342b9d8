import type { PatientEvent } from '@ccm/domain';
import { describeEvent } from './describe-event';

const recorded: PatientEvent = {
  type: 'DemographicsRecorded',
  data: {
    name: { given: ['Maria', 'Elena'], family: 'Okafor' },
    dateOfBirth: '1946-09-14',
    sex: 'female',
    mbi: '1EG4TE5MK73',
    address: { lines: ['12 Elm St'], city: 'Riverside', state: 'CA', postalCode: '925011234' },
    phone: '9515550142',
    recordedBy: 'user-ada',
  },
};
const VALUES =
  /Maria|Elena|Okafor|1946|09-14|female|1EG4TE5MK73|Elm|Riverside|\bCA\b|92501|9515550142|9AC0|Corona|card/;

describe('timeline lines of demographics', () => {
  it('name the fields recorded, never their values', () => {
    const line = describeEvent(recorded);
    expect(line).toBe('Demographics recorded by user-ada: name, date of birth, sex, MBI, address, phone');
    expect(line).not.toMatch(VALUES);
  });

  it('name the fields a correction changes, without their values or its free-text reason', () => {
    const line = describeEvent({
      type: 'DemographicsCorrected',
      data: {
        correctionId: 'dc-1',
        mbi: '9AC0D12EF34',
        address: { lines: ['40 Oak Ave'], city: 'Corona', state: 'CA', postalCode: '92879' },
        reason: 'New card: was 1EG4TE5MK73',
        correctedBy: 'user-bob',
      },
    });
    expect(line).toBe('Demographics corrected by user-bob: MBI, address');
    expect(line).not.toMatch(VALUES);
  });
});
