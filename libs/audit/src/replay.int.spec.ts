import type { Actor } from '@ccm/domain';
import { InMemoryEventStore } from '@ccm/event-store';
import { PatientRecords, PracticeRecords, type RequestContext } from '@ccm/record';
import { replayPatientAsOf } from './replay';

describe('replay as of an instant of recording time (DOC-8)', () => {
  let now = new Date('2026-03-05T15:00:00Z');
  const clock = { now: () => now };
  const store = new InMemoryEventStore();
  const practices = new PracticeRecords(store, clock);
  const patients = new PatientRecords(store, practices, clock);
  const admin: Actor = { userId: 'ada', role: 'admin', practiceId: 'riverside' };
  const rn: Actor = { userId: 'rn-lopez', role: 'care_manager', practiceId: 'riverside' };
  const ctx = (actor: Actor): RequestContext => ({ actor, correlationId: 'c', causationId: 'c' });

  beforeAll(async () => {
    await practices.execute(
      {
        type: 'RegisterPractice',
        data: {
          practiceId: 'riverside',
          name: 'R',
          timeZone: 'America/Chicago',
          billingPractitioners: [{ id: 'dr-adams', npi: '1234567893', credential: 'MD' }],
          staff: [{ id: 'rn-lopez', role: 'clinical_staff', credential: 'RN' }],
        },
      },
      ctx(admin),
    );
    await patients.execute(
      'pt-1',
      {
        type: 'EnrollPatient',
        data: {
          patientId: 'pt-1',
          dateOfBirth: '1950-01-01',
          billingPractitionerId: 'dr-adams',
          conditions: [],
          careTeam: [],
        },
      },
      ctx(admin),
    );
    await patients.execute(
      'pt-1',
      {
        type: 'LogTime',
        data: {
          entryId: 'e1',
          performerId: 'rn-lopez',
          performerRole: 'clinical_staff',
          program: 'CCM',
          activity: 'call',
          serviceDate: '2026-03-03',
          startTime: '10:00',
          minutes: 15,
        },
      },
      ctx(rn),
    );
    now = new Date('2026-03-20T15:00:00Z');
    await patients.execute(
      'pt-1',
      { type: 'CorrectTime', data: { entryId: 'e1', minutes: 25, reason: 'call log' } },
      ctx(rn),
    );
    now = new Date('2026-04-02T15:00:00Z');
    await patients.execute(
      'pt-1',
      { type: 'VoidTime', data: { entryId: 'e1', reason: 'wrong patient' } },
      ctx(rn),
    );
  });

  const entryAt = async (iso: string) => {
    const replay = await replayPatientAsOf(store, 'riverside', 'pt-1', new Date(iso));
    return {
      revision: replay.revision,
      entry: replay.state.status === 'enrolled' ? replay.state.timeEntries.e1 : undefined,
    };
  };

  it('shows nothing before the first event was recorded', async () => {
    expect(await entryAt('2026-03-01T00:00:00Z')).toEqual({ revision: -1, entry: undefined });
  });

  it('shows the entry as first logged, before its correction was recorded', async () => {
    expect(await entryAt('2026-03-10T00:00:00Z')).toMatchObject({
      revision: 1,
      entry: { minutes: 15, status: 'active', corrections: 0 },
    });
  });

  it('shows the correction from the instant it was recorded, and the void after that', async () => {
    expect(await entryAt('2026-03-20T15:00:00Z')).toMatchObject({
      revision: 2,
      entry: { minutes: 25, status: 'active' },
    });
    expect(await entryAt('2026-04-30T00:00:00Z')).toMatchObject({
      revision: 3,
      entry: { minutes: 25, status: 'voided' },
    });
  });
});
