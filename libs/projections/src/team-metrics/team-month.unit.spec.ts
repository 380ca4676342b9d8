import fc from 'fast-check';
import type { PatientMonthDocument } from '@ccm/patient-months';
import {
  addTeamPart,
  isEmptyTeamMonth,
  teamMetricsFor,
  teamPartOf,
  type TeamMonthDocument,
} from './team-month';

type Entry = PatientMonthDocument['timeEntries'][number];
type Contact = PatientMonthDocument['contacts'][number];

const entry = (over: Partial<Entry>): Entry =>
  ({
    entryId: 'e',
    performerId: 'rn-1',
    performerRole: 'clinical_staff',
    program: 'CCM',
    activity: 'care_coordination',
    serviceDate: '2026-03-10',
    startTime: '10:00',
    minutes: 10,
    endsAt: null,
    status: 'active',
    ...over,
  }) as Entry;

const contact = (channel: string, outcome: string): Contact =>
  ({ contactId: `${channel}-${outcome}`, channel, outcome }) as unknown as Contact;

const month = (timeEntries: Entry[], contacts: Contact[] = []): PatientMonthDocument =>
  ({ month: '2026-03', timeEntries, contacts }) as unknown as PatientMonthDocument;

const empty: TeamMonthDocument = { practiceId: 'p', month: '2026-03', staff: {}, contacts: {} };

describe('team month (given patient-months, then the practice team month)', () => {
  it('counts active minutes inside the month by staff member, role and activity, and patients once each', () => {
    const part = teamPartOf(
      month(
        [
          entry({ entryId: 'a', minutes: 15 }),
          entry({ entryId: 'b', minutes: 5, activity: 'medication_management' }),
          entry({ entryId: 'c', minutes: 30, status: 'voided' }),
          // 23:50 on the last day: 10 of its 25 minutes are in March.
          entry({
            entryId: 'd',
            performerId: 'md-1',
            performerRole: 'physician_qhp',
            serviceDate: '2026-03-31',
            startTime: '23:50',
            minutes: 25,
          }),
        ],
        [contact('phone', 'reached'), contact('phone', 'no_answer'), contact('phone', 'reached')],
      ),
    );
    const metrics = teamMetricsFor({ ...addTeamPart(empty, part, 1) }, '2026-03');
    expect(metrics.staff).toEqual([
      {
        staffId: 'rn-1',
        minutes: 20,
        patients: 1,
        roles: { clinical_staff: 20 },
        activities: { care_coordination: 15, medication_management: 5 },
      },
      {
        staffId: 'md-1',
        minutes: 10,
        patients: 1,
        roles: { physician_qhp: 10 },
        activities: { care_coordination: 10 },
      },
    ]);
    expect(metrics.contacts).toEqual([
      { channel: 'phone', total: 3, outcomes: { no_answer: 1, reached: 2 } },
    ]);
    expect(metrics.totals).toEqual({ minutes: 30, contacts: 3 });
  });

  it('answers an empty month when nothing is recorded', () => {
    expect(teamMetricsFor(undefined, '2026-04')).toEqual({
      month: '2026-04',
      staff: [],
      contacts: [],
      totals: { minutes: 0, contacts: 0 },
    });
  });

  it('taking away every part added, in any order, leaves the empty month (a changed month is replaced)', () => {
    const anEntry = fc.record({
      performerId: fc.constantFrom('rn-1', 'rn-2', 'md-1'),
      performerRole: fc.constantFrom('clinical_staff', 'physician_qhp'),
      activity: fc.constantFrom('care_coordination', 'medication_management'),
      minutes: fc.integer({ min: 1, max: 90 }),
      status: fc.constantFrom('active', 'voided'),
      day: fc.integer({ min: 1, max: 31 }),
    });
    const aMonth = fc.record({
      entries: fc.array(anEntry, { maxLength: 5 }),
      contacts: fc.array(
        fc.tuple(fc.constantFrom('phone', 'video'), fc.constantFrom('reached', 'no_answer')),
        {
          maxLength: 4,
        },
      ),
    });
    fc.assert(
      fc.property(fc.array(aMonth, { minLength: 1, maxLength: 6 }), fc.integer(), (months, seed) => {
        const parts = months.map((m, i) =>
          teamPartOf(
            month(
              m.entries.map((e, j) =>
                entry({
                  ...e,
                  entryId: `${i}-${j}`,
                  serviceDate: `2026-03-${String(e.day).padStart(2, '0')}`,
                } as Partial<Entry>),
              ),
              m.contacts.map(([channel, outcome]) => contact(channel, outcome)),
            ),
          ),
        );
        let team = parts.reduce<TeamMonthDocument>((t, p) => addTeamPart(t, p, 1), empty);
        const order = parts.map((_, i) => i).sort((a, b) => ((a * 31 + seed) % 7) - ((b * 31 + seed) % 7));
        for (const i of order) team = addTeamPart(team, parts[i], -1);
        expect(isEmptyTeamMonth(team)).toBe(true);
        expect(team).toEqual(empty);
      }),
    );
  });
});
