import {
  admissionsOf,
  afterHoursAccessOn,
  type InpatientStay,
  type Measurement,
  type PatientCommand,
} from '@ccm/domain';
import { InMemoryEventStore, type GlobalPosition, type RecordedEvent } from '@ccm/event-store';
import { PatientRecords, PracticeRecords, type Clock } from '@ccm/record';
import { planAfterHoursAccess } from './after-hours-plan';
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
  'DesignateCareTeamMember',
]);

/** A care-outcome step: one of those types, or a contact marked after hours (never one of the base clinic's). */
const isOutcome = (command: PatientCommand) =>
  OUTCOME_TYPES.has(command.type) || (command.type === 'RecordContact' && command.data.afterHours === true);

async function eventsOf(store: InMemoryEventStore, eventTypes: string[]): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let after: GlobalPosition | undefined; ;) {
    const page = await store.readAll({ after, maxCount: 1000, filter: { eventTypes } });
    events.push(...page.events);
    after = page.lastPosition ?? after;
    if (page.isEnd) return events;
  }
}

const seeded = (practiceId: string) => {
  const store = new InMemoryEventStore();
  const practices = new PracticeRecords(store, clock);
  const patients = new PatientRecords(store, practices, clock);
  return { store, practices, patients, clock, practiceId };
};

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
      steps: p.steps.filter((s) => !isOutcome(s.command)),
    }));
    expect(JSON.stringify(others)).toBe(JSON.stringify(without));
  });

  it('drives the real command path with no refusal, care team and after-hours contacts recorded', async () => {
    const records = seeded(options.practiceId);
    const report = await seedClinic(records, { ...options, patients: 60, months: 12 });
    expect(report).toMatchObject({ patients: 60, refused: {}, alreadyApplied: 0 });

    const events = await eventsOf(records.store, [
      'PatientEnrolled',
      'CarePlanCreated',
      'DesignatedCareTeamMemberAssigned',
      'DesignatedCareTeamMemberChanged',
      'ContactRecorded',
      'AfterHoursAccessArranged',
    ]);
    const count = (type: string) => events.filter((e) => e.type === type).length;
    // Every patient with a care plan (all but those who declined) has a designated member from enrolment.
    expect(count('DesignatedCareTeamMemberAssigned')).toBe(count('CarePlanCreated'));
    expect(count('DesignatedCareTeamMemberChanged')).toBeGreaterThan(0);
    const afterHours = events.filter((e) => e.type === 'ContactRecorded' && e.data.afterHours === true);
    expect(afterHours.length).toBeGreaterThan(0);
    expect(afterHours.every((e) => /T(19|2\d|0\d)/.test(String(e.data.occurredAt)))).toBe(true);
    expect(count('AfterHoursAccessArranged')).toBe(1);
  });

  it('arranges 24/7 access before the first month, with a lapse or a new arrangement in some seeds', async () => {
    const small = { ...options, patients: 3, months: 4 };
    const plans = Array.from({ length: 12 }, (_, seed) => planAfterHoursAccess({ ...small, seed }));
    const lapse = plans.findIndex((p) =>
      p.some((c) => c.type === 'ArrangeAfterHoursAccess' && !c.data.recordAccess),
    );
    const ended = plans.findIndex((p) => p.some((c) => c.type === 'EndAfterHoursAccess'));
    const steady = plans.findIndex((p) => p.length === 1);
    expect([lapse, ended, steady].every((seed) => seed >= 0)).toBe(true);
    expect(JSON.stringify(planAfterHoursAccess({ ...small, seed: lapse }))).toBe(
      JSON.stringify(plans[lapse]),
    );

    for (const seed of [lapse, ended, steady]) {
      const records = seeded(`ah-${seed}`);
      const report = await seedClinic(records, { ...small, seed, practiceId: records.practiceId });
      expect(report).toMatchObject({ refused: {}, alreadyApplied: 0 });
      const { state } = await records.practices.load(records.practiceId);
      const access = state.status === 'registered' ? state.afterHoursAccess : undefined;
      expect(access).toHaveLength(plans[seed].length);
      const inForce = afterHoursAccessOn(access, '2025-12-01')?.arrangement;
      expect(inForce).toMatchObject({ means: ['phone_line', 'on_call_clinician'], recordAccess: true });
      expect(inForce?.coveredBy.staffIds.length).toBeGreaterThan(0);
      expect(inForce?.coveredBy.service).toBeTruthy();
      const [, gapStart] = plans[seed];
      if (gapStart) {
        const during = afterHoursAccessOn(access, gapStart.data.effectiveOn)?.arrangement ?? null;
        expect(during === null || !during.recordAccess).toBe(true);
        expect(afterHoursAccessOn(access, small.lastDay)?.arrangement?.recordAccess).toBe(true);
      }
    }
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
    const added = plans.reduce((n, p) => n + p.steps.filter((s) => isOutcome(s.command)).length, 0);
    const contacts = commands.flat().filter((c) => c.type === 'RecordContact');
    const afterHours = contacts.filter((c) => c.type === 'RecordContact' && c.data.afterHours === true);
    const designations = plans.flatMap((p) =>
      p.steps.flatMap((s) =>
        s.command.type === 'DesignateCareTeamMember' ? [{ at: s.at, ...s.command.data }] : [],
      ),
    );
    const designated = designations.filter((d) => d.designationId.endsWith('-des-1')).length;
    const changes = designations.filter((d) => !d.designationId.endsWith('-des-1'));
    const stats = {
      bpControlled: controlled.length / withBp.length,
      a1cSixToNine: a1c.filter((v) => v >= 6 && v <= 9).length / a1c.length,
      a1cAboveNine: a1c.filter((v) => v > 9).length / a1c.length,
      admittedPatients: admitted.length,
      readmittedShare: readmitted.length / admitted.length,
      outcomeCommandsPerPatient: added / plans.length,
      afterHoursContactShare: afterHours.length / contacts.length,
      designatedChangeShare: changes.length / designated,
      changesRecordedLate: changes.filter((s) => s.at.slice(0, 10) > s.effectiveOn).length,
    };
    expect(stats.bpControlled).toBeGreaterThan(0.5);
    expect(stats.bpControlled).toBeLessThan(0.7);
    expect(stats.a1cSixToNine).toBeGreaterThan(0.6);
    expect(stats.a1cAboveNine).toBeGreaterThan(0.08);
    expect(stats.a1cAboveNine).toBeLessThan(0.3);
    expect(stats.readmittedShare).toBeGreaterThan(0.14);
    expect(stats.readmittedShare).toBeLessThan(0.22);
    expect(stats.outcomeCommandsPerPatient).toBeGreaterThan(5);
    expect(stats.afterHoursContactShare).toBeGreaterThan(0.035);
    expect(stats.afterHoursContactShare).toBeLessThan(0.065);
    expect(stats.designatedChangeShare).toBeGreaterThan(0.07);
    expect(stats.designatedChangeShare).toBeLessThan(0.13);
    expect(stats.changesRecordedLate).toBeGreaterThan(0);
  });
});
