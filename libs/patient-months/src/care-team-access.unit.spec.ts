import {
  afterHoursAccessForMonth,
  designationForMonth,
  type SnapshotAfterHoursRecord,
} from './care-team-access';
import type { PracticeEventEnvelope } from './events/decode';
import { evolvePracticeSnapshot } from './practice-snapshot';

const arrangement = (recordAccess: boolean) => ({
  coveredBy: { staffIds: ['dr-adams'], service: 'Nurse line' },
  means: ['phone_line' as const],
  recordAccess,
});
const record = (
  changeId: string,
  effectiveOn: string,
  recordAccess: boolean | null,
  revision: number,
): SnapshotAfterHoursRecord => ({
  changeId,
  effectiveOn,
  arrangement: recordAccess === null ? null : arrangement(recordAccess),
  recordedBy: 'admin',
  revision,
});

describe('designated care-team member over a month', () => {
  const designations = [
    { memberId: 'rn-lopez', from: null, effectiveOn: '2026-01-05', recordedBy: 'u', revision: 3 },
    { memberId: 'ma-chen', from: 'rn-lopez', effectiveOn: '2026-03-10', recordedBy: 'u', revision: 7 },
    // Documented late, effective earlier in March: replaces rn-lopez from the 2nd.
    { memberId: 'dr-adams', from: 'rn-lopez', effectiveOn: '2026-03-02', recordedBy: 'u', revision: 9 },
  ];

  it('names who was designated at the month’s end and every change inside it, in effective order', () => {
    const march = designationForMonth(designations, '2026-03');
    expect(march.asOfMonthEnd).toEqual({ memberId: 'ma-chen', effectiveOn: '2026-03-10' });
    expect(march.changesInMonth.map((d) => d.memberId)).toEqual(['dr-adams', 'ma-chen']);
    expect(designationForMonth(designations, '2026-02')).toEqual({
      asOfMonthEnd: { memberId: 'rn-lopez', effectiveOn: '2026-01-05' },
      changesInMonth: [],
    });
  });

  it('is empty before the first designation, and for a ledger without any', () => {
    expect(designationForMonth(designations, '2025-12')).toEqual({ asOfMonthEnd: null, changesInMonth: [] });
    expect(designationForMonth(undefined, '2026-03')).toEqual({ asOfMonthEnd: null, changesInMonth: [] });
  });

  it('of two designations effective the same day, only the one recorded last took effect', () => {
    const sameDay = [
      ...designations.slice(0, 1),
      { memberId: 'ma-chen', from: 'rn-lopez', effectiveOn: '2026-03-10', recordedBy: 'u', revision: 7 },
      { memberId: 'dr-adams', from: 'rn-lopez', effectiveOn: '2026-03-10', recordedBy: 'u', revision: 8 },
    ];
    const march = designationForMonth(sameDay, '2026-03');
    expect(march.asOfMonthEnd?.memberId).toBe('dr-adams');
    expect(march.changesInMonth.map((d) => d.revision)).toEqual([8]);
  });
});

describe('after-hours access over a month', () => {
  it('is in force with record access for the whole month when arranged before it and never changed', () => {
    const month = afterHoursAccessForMonth([record('a', '2026-01-01', true, 1)], '2026-03');
    expect(month).toEqual({
      withRecordAccessWholeMonth: true,
      periods: [{ from: '2026-03-01', until: '2026-03-31', arrangement: arrangement(true), changeId: 'a' }],
    });
  });

  it('is not, when arranged after the month began, changed to no record access, or ended during it', () => {
    expect(afterHoursAccessForMonth([record('a', '2026-03-02', true, 1)], '2026-03')).toMatchObject({
      withRecordAccessWholeMonth: false,
      periods: [
        { from: '2026-03-01', until: '2026-03-01', arrangement: null, changeId: null },
        { from: '2026-03-02', until: '2026-03-31', changeId: 'a' },
      ],
    });
    const changed = [record('a', '2026-01-01', true, 1), record('b', '2026-03-15', false, 2)];
    expect(afterHoursAccessForMonth(changed, '2026-03').withRecordAccessWholeMonth).toBe(false);
    expect(afterHoursAccessForMonth(changed, '2026-02').withRecordAccessWholeMonth).toBe(true);
    const ended = [record('a', '2026-01-01', true, 1), record('e', '2026-03-31', null, 2)];
    expect(afterHoursAccessForMonth(ended, '2026-03').periods.map((p) => [p.from, p.until])).toEqual([
      ['2026-03-01', '2026-03-30'],
      ['2026-03-31', '2026-03-31'],
    ]);
    expect(afterHoursAccessForMonth(ended, '2026-03').withRecordAccessWholeMonth).toBe(false);
    expect(afterHoursAccessForMonth(undefined, '2026-03')).toEqual({
      withRecordAccessWholeMonth: false,
      periods: [{ from: '2026-03-01', until: '2026-03-31', arrangement: null, changeId: null }],
    });
  });

  it('reads a change recorded late as of its effective date, and crosses a leap day', () => {
    const late = [record('a', '2024-01-01', false, 1), record('b', '2023-12-01', true, 2)];
    // b is effective earlier but a, effective later, still governs from 2024-01-01.
    expect(afterHoursAccessForMonth(late, '2024-02')).toMatchObject({
      withRecordAccessWholeMonth: false,
      periods: [{ from: '2024-02-01', until: '2024-02-29', changeId: 'a' }],
    });
    expect(afterHoursAccessForMonth(late, '2023-12').withRecordAccessWholeMonth).toBe(true);
  });
});

describe('the practice snapshot carries after-hours access to the month derivation', () => {
  const facts = {
    eventId: 'e',
    position: '0',
    actorId: 'admin-user',
    actorRole: 'admin' as const,
    recordedAt: '2026-01-02T15:00:00.000Z',
    recordedAtLocal: '2026-01-02T09:00',
    occurredAt: '2026-01-01T00:00',
    timeZone: 'America/Chicago',
    hash: 'h',
    previousHash: 'p',
    correlationId: 'c',
  };
  const profile = {
    practiceId: 'riverside',
    name: 'Riverside',
    timeZone: 'America/Chicago',
    billingPractitioners: [{ id: 'dr-adams', npi: '1234567893', credential: 'MD' }],
    staff: [],
  };
  const envelope = (revision: number, event: PracticeEventEnvelope['event']): PracticeEventEnvelope => ({
    ...facts,
    practiceId: 'riverside',
    revision,
    event,
  });

  it('keeps the records in recording order, across a profile update, and ignores a redelivery', () => {
    const arranged = envelope(1, {
      type: 'AfterHoursAccessArranged',
      data: { changeId: 'a', effectiveOn: '2026-01-01', ...arrangement(true), recordedBy: 'admin-user' },
    });
    let snapshot = evolvePracticeSnapshot(
      undefined,
      envelope(0, { type: 'PracticeRegistered', data: profile }),
    );
    snapshot = evolvePracticeSnapshot(snapshot, arranged) ?? snapshot;
    expect(evolvePracticeSnapshot(snapshot, arranged)).toBeUndefined();
    snapshot = evolvePracticeSnapshot(
      snapshot,
      envelope(2, { type: 'PracticeUpdated', data: { ...profile, name: 'R' } }),
    );
    expect(snapshot?.afterHoursAccess).toEqual(
      [record('a', '2026-01-01', true, 1)].map((r) => ({ ...r, recordedBy: 'admin-user' })),
    );
    expect(afterHoursAccessForMonth(snapshot?.afterHoursAccess, '2026-03').withRecordAccessWholeMonth).toBe(
      true,
    );
  });

  it('has nothing to attach an arrangement to before the practice is registered', () => {
    const arranged = envelope(0, {
      type: 'AfterHoursAccessEnded',
      data: { changeId: 'e', effectiveOn: '2026-01-01', reason: 'x', recordedBy: 'admin-user' },
    });
    expect(evolvePracticeSnapshot(undefined, arranged)).toBeUndefined();
  });
});
