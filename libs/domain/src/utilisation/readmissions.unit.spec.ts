import fc from 'fast-check';
import type { InpatientStay } from '../billing-facts/billing-facts.events';
import type { PatientEvent } from '../patient/patient';
import { addDays } from '../remote-monitoring/monitoring-episode';
import { patientEnrolled } from '../testing/fixtures';
import { admissionsOf, listAdmissions, READMISSION_WINDOW_DAYS } from './readmissions';

const acute = (stayId: string, admit: string, discharge: string | null): InpatientStay => ({
  stayId,
  stayType: 'acute_hospital_inpatient',
  admit,
  discharge,
});
const snf = (stayId: string, admit: string, discharge: string | null): InpatientStay => ({
  ...acute(stayId, admit, discharge),
  stayType: 'skilled_nursing_facility',
});
const recorded = (stay: InpatientStay): PatientEvent => ({ type: 'InpatientStayRecorded', data: stay });
const flags = (stays: InpatientStay[]) =>
  admissionsOf(stays).map((a) => [a.stayId, a.readmissionWithin30Days]);

describe('admissions and 30-day readmissions', () => {
  describe('given stays, when listed, then', () => {
    it('an acute admission 30 days after an acute discharge is a readmission; 31 days is not', () => {
      expect(flags([acute('a', '2026-01-01', '2026-01-05'), acute('b', '2026-02-04', '2026-02-06')])).toEqual(
        [
          ['a', false],
          ['b', true],
        ],
      );
      expect(flags([acute('a', '2026-01-01', '2026-01-05'), acute('b', '2026-02-05', '2026-02-06')])).toEqual(
        [
          ['a', false],
          ['b', false],
        ],
      );
    });

    it('an admission on the day of the previous discharge is a readmission (day 0)', () => {
      const [, second] = admissionsOf([
        acute('a', '2026-01-01', '2026-01-05'),
        acute('b', '2026-01-05', null),
      ]);
      expect(second).toMatchObject({
        readmissionWithin30Days: true,
        afterStayId: 'a',
        daysSinceDischarge: 0,
      });
    });

    it('two same-day stays: only the later in admission order can be the readmission', () => {
      expect(flags([acute('b', '2026-01-05', '2026-01-05'), acute('a', '2026-01-05', '2026-01-05')])).toEqual(
        [
          ['a', false],
          ['b', true],
        ],
      );
    });

    it('SNF stays are listed but neither readmissions nor index discharges', () => {
      expect(
        flags([
          acute('a', '2026-01-01', '2026-01-05'),
          snf('s', '2026-01-05', '2026-01-20'),
          acute('b', '2026-03-01', '2026-03-04'),
          snf('t', '2026-03-10', null),
        ]),
      ).toEqual([
        ['a', false],
        ['s', false],
        ['b', false],
        ['t', false],
      ]);
      expect(flags([snf('s', '2026-01-01', '2026-01-05'), acute('b', '2026-01-10', null)])).toEqual([
        ['s', false],
        ['b', false],
      ]);
    });

    it('a stay still open is no index discharge', () => {
      expect(flags([acute('a', '2026-01-01', null), acute('b', '2026-01-10', null)])).toEqual([
        ['a', false],
        ['b', false],
      ]);
    });

    it('counts from the latest earlier discharge', () => {
      const [, , third] = admissionsOf([
        acute('a', '2026-01-01', '2026-01-03'),
        acute('b', '2026-01-20', '2026-02-25'),
        acute('c', '2026-03-20', null),
      ]);
      expect(third).toMatchObject({
        readmissionWithin30Days: true,
        afterStayId: 'b',
        daysSinceDischarge: 23,
      });
    });
  });

  it('reads each stay once from the events: a discharge recorded later completes the open stay', () => {
    const events = [
      patientEnrolled(),
      recorded(acute('a', '2026-01-01', null)),
      recorded(acute('a', '2026-01-01', '2026-01-06')),
      recorded(acute('b', '2026-01-20', null)),
    ];
    expect(listAdmissions(events)).toEqual([
      { ...acute('a', '2026-01-01', '2026-01-06'), readmissionWithin30Days: false },
      {
        ...acute('b', '2026-01-20', null),
        readmissionWithin30Days: true,
        afterStayId: 'a',
        daysSinceDischarge: 14,
      },
    ]);
  });

  describe('properties of the 30-day rule', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2020-01-01', n));
    const length = fc.integer({ min: 0, max: 40 });

    it('two acute stays: the second is a readmission exactly when admitted 0 to 30 days after the first discharge', () => {
      fc.assert(
        fc.property(day, length, fc.integer({ min: 0, max: 90 }), (admit, stayDays, gap) => {
          const discharge = addDays(admit, stayDays);
          const readmit = addDays(discharge, gap);
          const [first, second] = admissionsOf([acute('a', admit, discharge), acute('b', readmit, null)]);
          expect(first.readmissionWithin30Days).toBe(false);
          expect(second.readmissionWithin30Days).toBe(gap <= READMISSION_WINDOW_DAYS);
        }),
      );
    });

    it('at the edges: day 30 is in, day 31 is out, whatever the discharge date', () => {
      fc.assert(
        fc.property(day, (discharge) => {
          const index = acute('a', addDays(discharge, -3), discharge);
          expect(
            admissionsOf([index, acute('b', addDays(discharge, 30), null)])[1].readmissionWithin30Days,
          ).toBe(true);
          expect(
            admissionsOf([index, acute('b', addDays(discharge, 31), null)])[1].readmissionWithin30Days,
          ).toBe(false);
        }),
      );
    });

    it('the order stays are given in never changes the flags, and SNF stays never add one', () => {
      const stay = fc
        .tuple(fc.boolean(), day, length)
        .map(([isAcute, admit, n]) => ({ isAcute, admit, discharge: addDays(admit, n) }));
      fc.assert(
        fc.property(fc.array(stay, { maxLength: 8 }), (drawn) => {
          const stays = drawn.map((s, i) =>
            s.isAcute ? acute(`s${i}`, s.admit, s.discharge) : snf(`s${i}`, s.admit, s.discharge),
          );
          const byId = (list: InpatientStay[]) =>
            Object.fromEntries(admissionsOf(list).map((a) => [a.stayId, a.readmissionWithin30Days]));
          expect(byId([...stays].reverse())).toEqual(byId(stays));
          for (const a of admissionsOf(stays))
            if (a.stayType === 'skilled_nursing_facility') expect(a.readmissionWithin30Days).toBe(false);
          const acuteOnly = byId(stays.filter((s) => s.stayType === 'acute_hospital_inpatient'));
          for (const [id, flag] of Object.entries(acuteOnly)) expect(byId(stays)[id]).toBe(flag);
        }),
      );
    });
  });
});
