import { foldPatientMonths } from '../testing/fold-patient-months';
import { PRACTICE, standardStory } from '../testing/scenario';
import { nextThresholdFor, worklistEntryOf, worklistSortKey } from './worklist-entry';

describe('worklist entries (given a patient month, then what is missing)', () => {
  it('names the next threshold of non-complex staff CCM: 20, 40, then 60 minutes (CODE-9)', () => {
    expect([0, 19, 20, 39, 40, 59].map((m) => nextThresholdFor(m)?.minutes)).toEqual([
      20, 20, 40, 40, 60, 60,
    ]);
    expect(nextThresholdFor(60)).toBeUndefined();
  });

  it('lists a consented patient short of a threshold, and not one whose consent ended this month', async () => {
    const events = await (await standardStory()).events();
    const march = foldPatientMonths(events, PRACTICE, 'pt-1').months.get('2026-03')!;
    expect(worklistEntryOf(march)).toEqual({
      patientId: 'pt-1',
      month: '2026-03',
      revision: march.revision,
      billingPractitionerId: 'dr-adams',
      careTeam: ['rn-lopez'],
      countedStaffMinutes: 45,
      nextThreshold: 60,
      nextCode: '99439',
      minutesMissing: 15,
      blockers: [],
      lastContactAt: '2026-03-11T09:00',
    });
    const withdrawn = foldPatientMonths(events, PRACTICE, 'pt-3').months.get('2026-03')!;
    expect(worklistEntryOf(withdrawn)).toBeUndefined();
    const neverConsented = foldPatientMonths(events, PRACTICE, 'pt-2').months.get('2026-02')!;
    expect(worklistEntryOf(neverConsented)).toBeUndefined();
  });

  it('sorts by month, then minutes missing, as bytes', () => {
    const keys = [
      worklistSortKey({ month: '2026-03', minutesMissing: 15 }),
      worklistSortKey({ month: '2026-03', minutesMissing: 5 }),
      worklistSortKey({ month: '2026-02', minutesMissing: 1 }),
    ].sort();
    expect(keys).toEqual(['2026-02|001', '2026-03|005', '2026-03|015']);
  });
});
