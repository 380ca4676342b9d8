import type { PatientEvent } from '@ccm/domain';
import { claimedMonthsTouched } from './claimed-months';

const submitted = ['2026-01', '2026-02', '2026-03'];
const touched = (event: unknown, before?: { minutes: number; serviceDate: string; startTime: string }) =>
  claimedMonthsTouched(event as PatientEvent, before, submitted);

describe('months already claimed that a later change bears on (CLAIM-4)', () => {
  it('a late entry: its own month(s), split at a month boundary (TIME-12)', () => {
    expect(
      touched({ type: 'TimeLogged', data: { serviceDate: '2026-02-10', startTime: '10:00', minutes: 20 } }),
    ).toEqual(['2026-02']);
    expect(
      touched({ type: 'TimeLogged', data: { serviceDate: '2026-01-31', startTime: '23:50', minutes: 20 } }),
    ).toEqual(['2026-01', '2026-02']);
    expect(
      touched({ type: 'TimeLogged', data: { serviceDate: '2026-04-01', startTime: '10:00', minutes: 20 } }),
    ).toEqual([]);
  });

  it('a correction: the month the entry leaves and the month it moves to; a void: where it was (TIME-16)', () => {
    const before = { minutes: 20, serviceDate: '2026-01-20', startTime: '09:00' };
    expect(
      touched(
        { type: 'TimeCorrected', data: { serviceDate: '2026-03-02', startTime: '09:00', minutes: 20 } },
        before,
      ),
    ).toEqual(['2026-01', '2026-03']);
    expect(touched({ type: 'TimeVoided', data: { entryId: 'e1' } }, before)).toEqual(['2026-01']);
  });

  it('a backdated withdrawal, resolution or payer change: every claimed month from its month on (CONS-6)', () => {
    expect(touched({ type: 'ConsentWithdrawn', data: { withdrawnAt: '2026-02-05T09:00' } })).toEqual([
      '2026-02',
      '2026-03',
    ]);
    expect(touched({ type: 'ConditionResolved', data: { resolvedOn: '2026-03-01' } })).toEqual(['2026-03']);
    expect(touched({ type: 'PayerCoverageRecorded', data: { fromMonth: '2026-01' } })).toEqual(submitted);
  });

  it('facts of one month, and a stay across months (TIME-9, EXCL-1)', () => {
    expect(touched({ type: 'OtherServiceRecorded', data: { date: '2026-02-11' } })).toEqual(['2026-02']);
    expect(
      touched({ type: 'InpatientStayRecorded', data: { admit: '2026-01-30', discharge: '2026-02-02' } }),
    ).toEqual(['2026-01', '2026-02']);
    expect(
      touched({ type: 'InpatientStayRecorded', data: { admit: '2026-03-30', discharge: null } }),
    ).toEqual(['2026-03']);
  });

  it('RTM from its month on, an RTM period across months; a BH service or attempted lines: their month (APCM-8, SEL-6)', () => {
    expect(touched({ type: 'RtmEnrolled', data: { enrolledOn: '2026-02-20' } })).toEqual([
      '2026-02',
      '2026-03',
    ]);
    expect(
      touched({ type: 'RtmDevicePeriodRecorded', data: { start: '2026-01-20', end: '2026-02-18' } }),
    ).toEqual(['2026-01', '2026-02']);
    expect(touched({ type: 'BehavioralHealthServiceRecorded', data: { serviceMonth: '2026-02' } })).toEqual([
      '2026-02',
    ]);
    expect(touched({ type: 'ClaimLinesAttempted', data: { serviceMonth: '2026-03' } })).toEqual(['2026-03']);
  });

  it('a contact changes no decision', () => {
    expect(touched({ type: 'ContactRecorded', data: { occurredAt: '2026-02-01T10:00' } })).toEqual([]);
  });
});
