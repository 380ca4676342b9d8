import { InMemoryEventStore } from '@ccm/event-store';
import { PatientRecords, PracticeRecords, type Clock } from '@ccm/record';
import { planClinic } from './generate-clinic';
import { PracticeAlreadyExistsError, seedClinic } from './seed-clinic';

const clock: Clock = { now: () => new Date('2026-03-31T17:00:00Z') };
const options = { practiceId: 'demo', patients: 25, months: 4, seed: 7, lastDay: '2026-03-30' };

describe('synthetic clinic', () => {
  it('is deterministic for a seed, and another seed gives another clinic', () => {
    const a = JSON.stringify([...planClinic(options)]);
    expect(JSON.stringify([...planClinic(options)])).toBe(a);
    expect(JSON.stringify([...planClinic({ ...options, seed: 8 })])).not.toBe(a);
  });

  it('keeps earlier patients unchanged when more are generated', () => {
    const few = [...planClinic({ ...options, patients: 5 })];
    const more = [...planClinic({ ...options, patients: 10 })].slice(0, 5);
    expect(JSON.stringify(more)).toBe(JSON.stringify(few));
  });

  it('drives the real command path with no refusal, and gives a realistic mix', async () => {
    const store = new InMemoryEventStore();
    const practices = new PracticeRecords(store, clock);
    const patients = new PatientRecords(store, practices, clock);
    const report = await seedClinic({ practices, patients, clock }, options);
    expect(report).toMatchObject({ patients: 25, refused: {}, alreadyApplied: 0 });

    const plans = [...planClinic(options)];
    const types = plans.flatMap((p) => p.steps.map((s) => s.command.type));
    for (const type of [
      'EnrollPatient',
      'RecordConsent',
      'CreateCarePlan',
      'ShareCarePlan',
      'LogTime',
      'RecordContact',
      'EnrollInRpm',
      'RecordRpmDevicePeriod',
    ]) {
      expect(types).toContain(type);
    }
    const everyPatientHasTwoConditions = plans.every((p) => {
      const enrol = p.steps[0].command;
      return enrol.type === 'EnrollPatient' && enrol.data.conditions.length >= 2;
    });
    expect(everyPatientHasTwoConditions).toBe(true);
    await expect(seedClinic({ practices, patients, clock }, options)).rejects.toBeInstanceOf(
      PracticeAlreadyExistsError,
    );
  });
});
