import type { PatientEvent } from '@ccm/domain';
import { demographicsLinks, type DemographicsIndexes } from './demographics-links';

const u = 'user-ada';

/** Folds events through demographicsLinks as the audit trail does, returning each event's links. */
function linksOf(events: readonly PatientEvent[]) {
  let header: DemographicsIndexes = {};
  return events.map((event, revision) => {
    const linked = demographicsLinks(header, event, revision);
    header = { ...header, ...linked?.indexes };
    return linked?.links;
  });
}

const recorded: PatientEvent = {
  type: 'DemographicsRecorded',
  data: {
    name: { given: ['Ann'], family: 'Lee' },
    dateOfBirth: '1948-06-02',
    sex: 'female',
    mbi: '1EG4TE5MK73',
    address: { lines: ['1 Main St'], city: 'Riverside', state: 'CA', postalCode: '92501' },
    phone: '9515550142',
    recordedBy: u,
  },
};
const corrected = (correctionId: string, fields: object): PatientEvent => ({
  type: 'DemographicsCorrected',
  data: { correctionId, ...fields, reason: 'x', correctedBy: u },
});

describe('audit links of demographics', () => {
  it('link each correction to the recording it corrects and to the previous correction', () => {
    const links = linksOf([
      { type: 'TimeVoided', data: { entryId: 'e', reason: 'x', voidedBy: u } },
      recorded,
      corrected('dc-1', { mbi: '9AC0D12EF34' }),
      corrected('dc-2', { phone: '9515550199' }),
    ]);
    expect(links).toEqual([
      undefined,
      [],
      [
        {
          relation: 'corrects',
          kind: 'demographics',
          id: 'demographics',
          originalRevision: 1,
          previousRevision: 1,
        },
      ],
      [
        {
          relation: 'corrects',
          kind: 'demographics',
          id: 'demographics',
          originalRevision: 1,
          previousRevision: 2,
        },
      ],
    ]);
  });

  it('carry no demographic value in a link', () => {
    const links = linksOf([recorded, corrected('dc-1', { mbi: '9AC0D12EF34', phone: '9515550199' })]);
    expect(JSON.stringify(links)).not.toMatch(/9AC0|9515550199|1EG4|Lee|Main/);
  });

  it('link nothing for a correction stored without a recording before it', () => {
    expect(demographicsLinks({}, corrected('dc-1', { sex: 'male' }), 4)).toEqual({ links: [], indexes: {} });
  });
});
