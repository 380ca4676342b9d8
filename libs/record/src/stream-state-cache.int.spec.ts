import type { Actor } from '@ccm/domain';
import { InMemoryEventStore } from '@ccm/event-store';
import { PatientRecords } from './patient-records';
import { PracticeRecords } from './practice-records';

const clock = { now: () => new Date('2026-03-31T17:00:00Z') };
const admin: Actor = { userId: 'ada', role: 'admin', practiceId: 'riverside' };
const rn: Actor = { userId: 'rn-lopez', role: 'care_manager', practiceId: 'riverside' };
const ctx = (actor: Actor) => ({ actor, correlationId: 'c', causationId: 'c' });
const logTime = (entryId: string) => ({
  type: 'LogTime' as const,
  data: {
    entryId,
    performerId: 'rn-lopez',
    performerRole: 'clinical_staff' as const,
    program: 'CCM' as const,
    activity: 'call',
    serviceDate: '2026-03-03',
    startTime: '10:00',
    minutes: 10,
  },
});

describe('folded states cached by stream', () => {
  it('sees what another writer (another process, another cache) appended since, and keeps its hash chain', async () => {
    const store = new InMemoryEventStore();
    const practicesA = new PracticeRecords(store, clock);
    const patientsA = new PatientRecords(store, practicesA, clock);
    const practicesB = new PracticeRecords(store, clock);
    const patientsB = new PatientRecords(store, practicesB, clock);
    await practicesA.execute(
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
    await patientsA.execute(
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
    await patientsA.execute('pt-1', logTime('e1'), ctx(rn));
    await patientsB.execute('pt-1', logTime('e2'), ctx(rn));
    // A's cache stops at e1; it must fold e2 from the store before deciding, or it would conflict forever.
    const third = await patientsA.execute('pt-1', logTime('e3'), ctx(rn));
    expect(third).toMatchObject({ revision: 3, alreadyApplied: false });
    const loaded = await patientsA.load('riverside', 'pt-1');
    expect(loaded.state.status === 'enrolled' && Object.keys(loaded.state.timeEntries).sort()).toEqual([
      'e1',
      'e2',
      'e3',
    ]);
    const [last] = await store.readStream('ccm.patient.riverside.pt-1', {
      maxCount: 1,
      direction: 'backwards',
    });
    expect(last.metadata.hash).toBe(loaded.lastHash);
    // A repeat through B, whose cache is behind, is still recognised.
    expect(await patientsB.execute('pt-1', logTime('e3'), ctx(rn))).toMatchObject({
      revision: 3,
      alreadyApplied: true,
    });
  });
});
