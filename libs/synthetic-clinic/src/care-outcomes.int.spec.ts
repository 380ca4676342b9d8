import { admissionsOf, type InpatientStay, type Measurement, type PatientCommand } from '@ccm/domain';
import { InMemoryEventStore } from '@ccm/event-store';
import { PatientRecords, PracticeRecords, type Clock } from '@ccm/record';
import { planClinic, type ClinicOptions } from './generate-clinic';
import { seedClinic } from './seed-clinic';

const clock: Clock = { now: () => new Date('2026-03-31T17:00:00Z') };
const options: ClinicOptions = {
  practiceId: 'outcomes',
  patients: 25,
  months: 4,
  seed: 7,
  lastDay: '2026-03-30',
  careOutcomes: true,
};

const OUTCOME_TYPES = new Set([
  'RecordObservation',
  'RecordEmergencyVisit',
  'RecordInpatientStay',
  'RecordHospitalDischarge',
  'RecordSatisfactionSurvey',
  'AddMedication',
  'ReconcileMedications',
  'CheckAdherence',
]);

type Recorded = Extract<PatientCommand, { type: 'RecordObservation' }>['data'];

/** The measurement of each observation command, by kind. */
const observations = (commands: PatientCommand[], kind: Measurement['kind']) =>
  commands.flatMap((c) =>
    c.type === 'RecordObservation' && c.data.measurement.kind === kind ? [c.data] : [],
  );

function staysOf(commands: PatientCommand[]): InpatientStay[] {
  const stays = new Map<string, InpatientStay>();
  for (const c of commands) {
    if (c.type === 'RecordInpatientStay') stays.set(c.data.stayId, c.data);
    if (c.type === 'RecordHospitalDischarge') {
      const stay = stays.get(c.data.stayId);
      if (stay) stays.set(c.data.stayId, { ...stay, discharge: c.data.discharge });
    }
  }
  return [...stays.values()];
}

describe('synthetic clinic with care outcomes', () => {
  it('leaves every other step as it was, and is deterministic for a seed', () => {
    const without = [...planClinic({ ...options, careOutcomes: false })];
    const withOutcomes = [...planClinic(options)];
    expect(JSON.stringify([...planClinic(options)])).toBe(JSON.stringify(withOutcomes));
    const others = withOutcomes.map((p) => ({
      ...p,
      steps: p.steps.filter((s) => !OUTCOME_TYPES.has(s.command.type)),
    }));
    expect(JSON.stringify(others)).toBe(JSON.stringify(without));
  });

  it('drives the real command path with no refusal', async () => {
    const store = new InMemoryEventStore();
    const practices = new PracticeRecords(store, clock);
    const patients = new PatientRecords(store, practices, clock);
    const report = await seedClinic({ practices, patients, clock }, { ...options, patients: 60, months: 12 });
    expect(report).toMatchObject({ patients: 60, refused: {}, alreadyApplied: 0 });
  });

  it('gives realistic distributions', () => {
    const plans = [...planClinic({ ...options, patients: 3000, months: 12, seed: 11 })];
    const commands = plans.map((p) => p.steps.map((s) => s.command));
    const latest = (list: Recorded[]) => list[list.length - 1]?.measurement;

    const hypertensive = commands.map((c) =>
      latest(observations(c, 'blood_pressure').filter((o) => o.source.type === 'staff')),
    );
    const withBp = hypertensive.filter((m) => m !== undefined);
    const controlled = withBp.filter(
      (m) => m.kind === 'blood_pressure' && m.systolicMmHg < 140 && m.diastolicMmHg < 90,
    );
    const a1c = commands
      .flatMap((c) => observations(c, 'a1c'))
      .map((o) => (o.measurement.kind === 'a1c' ? o.measurement.a1cPercent : 0));
    const admitted = commands
      .map(staysOf)
      .filter((s) => s.some((x) => x.stayType === 'acute_hospital_inpatient'));
    const readmitted = admitted.filter((s) => admissionsOf(s).some((a) => a.readmissionWithin30Days));
    const added = plans.reduce(
      (n, p) => n + p.steps.filter((s) => OUTCOME_TYPES.has(s.command.type)).length,
      0,
    );
    const stats = {
      bpControlled: controlled.length / withBp.length,
      a1cSixToNine: a1c.filter((v) => v >= 6 && v <= 9).length / a1c.length,
      a1cAboveNine: a1c.filter((v) => v > 9).length / a1c.length,
      admittedPatients: admitted.length,
      readmittedShare: readmitted.length / admitted.length,
      outcomeCommandsPerPatient: added / plans.length,
    };
    expect(stats.bpControlled).toBeGreaterThan(0.5);
    expect(stats.bpControlled).toBeLessThan(0.7);
    expect(stats.a1cSixToNine).toBeGreaterThan(0.6);
    expect(stats.a1cAboveNine).toBeGreaterThan(0.08);
    expect(stats.a1cAboveNine).toBeLessThan(0.3);
    expect(stats.readmittedShare).toBeGreaterThan(0.14);
    expect(stats.readmittedShare).toBeLessThan(0.22);
    expect(stats.outcomeCommandsPerPatient).toBeGreaterThan(5);
  });
});
