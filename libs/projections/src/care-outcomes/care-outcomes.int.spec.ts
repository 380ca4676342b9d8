/**
 * The outcome figures of a seeded clinic (observations, stays, ED visits, reconciliations, adherence,
 * surveys recorded through the real command path) computed again here, plainly and from the raw events,
 * for every month, and compared with what the read model answers.
 */
import { addDays, currentObservations, listAdmissions, type PatientEvent } from '@ccm/domain';
import { InMemoryEventStore, MAX_PAGE_SIZE, type RecordedEvent } from '@ccm/event-store';
import { decodePatientEvent, firstDayOf, lastDayOf, monthRange } from '@ccm/patient-months';
import { PatientRecords, PracticeRecords, type Clock } from '@ccm/record';
import { seedClinic } from '@ccm/synthetic-clinic';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadModelQueries } from '../queries/read-model-queries';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { projectEvents } from '../testing/project-events';
import { careOutcomesProjection } from './care-outcomes.projection';
import type { OutcomeMetrics } from './outcome-metrics';

const clock: Clock = { now: () => new Date('2026-03-31T17:00:00Z') };
const NOW = new Date('2026-03-31T17:00:00Z');
const TODAY = '2026-03-31';
const PRACTICE = 'outcomes';

interface Patient {
  enrolledOn: string;
  events: PatientEvent[];
}

/** Every patient's events, by patient, in stream order. */
function patientsOf(events: readonly RecordedEvent[]): Patient[] {
  const byPatient = new Map<string, Patient>();
  for (const recorded of events) {
    const envelope = decodePatientEvent(recorded);
    if (!envelope) continue;
    const { event } = envelope;
    const patient = byPatient.get(envelope.patientId) ?? { enrolledOn: '', events: [] };
    if (event.type === 'PatientEnrolled') patient.enrolledOn = event.data.enrolledOn;
    patient.events.push(event);
    byPatient.set(envelope.patientId, patient);
  }
  return [...byPatient.values()];
}

function diagnosedAt(patient: Patient, test: (code: string) => boolean, day: string): boolean {
  const since = new Map<string, string>();
  const resolved = new Map<string, string>();
  for (const e of patient.events) {
    if (e.type === 'PatientEnrolled') for (const c of e.data.conditions) since.set(c.icd10, c.attestedOn);
    if (e.type === 'ConditionAdded') {
      since.set(e.data.condition.icd10, e.data.condition.attestedOn);
      resolved.delete(e.data.condition.icd10);
    }
    if (e.type === 'ConditionResolved') resolved.set(e.data.icd10, e.data.resolvedOn);
  }
  return [...since].some(
    ([code, from]) => test(code) && from <= day && !((resolved.get(code) ?? '9999') <= day),
  );
}

const share = (n: number, d: number) => ({
  numerator: n,
  denominator: d,
  share: d ? Math.round((n / d) * 10_000) / 10_000 : null,
});
const per1000 = (n: number, patients: number) =>
  patients ? Math.round((n / patients) * 1_000_000) / 1000 : null;

function expected(patients: readonly Patient[], month: string) {
  const start = firstDayOf(month);
  const end = lastDayOf(month);
  const yearFrom = firstDayOf(monthRange('2000-01', month).slice(-12)[0]);
  const enrolled = patients.filter((p) => p.enrolledOn <= end);
  const latestObservation = (p: Patient, kind: string, from: string, to: string) =>
    currentObservations(p.events)
      .filter(
        (o) => o.measurement.kind === kind && o.takenAt.slice(0, 10) >= from && o.takenAt.slice(0, 10) <= to,
      )
      .at(-1);
  const control = (cohort: Patient[], kind: string, counts: (m: never) => boolean) => {
    const current = cohort
      .map((p) => latestObservation(p, kind, yearFrom, end))
      .filter((o) => o !== undefined);
    const before = cohort
      .map((p) => latestObservation(p, kind, addDays(p.enrolledOn, -365), addDays(p.enrolledOn, -1)))
      .filter((o) => o !== undefined);
    return {
      ...share(current.filter((o) => counts(o.measurement as never)).length, current.length),
      beforeEnrolment: share(before.filter((o) => counts(o.measurement as never)).length, before.length),
      withoutReading: cohort.length - current.length,
    };
  };
  const hypertensive = enrolled.filter((p) => diagnosedAt(p, (c) => /^I1[0-356]/.test(c), end));
  const diabetic = enrolled.filter((p) => diagnosedAt(p, (c) => /^E(08|09|10|11|13)/.test(c), end));
  const admissions = enrolled.flatMap((p) =>
    listAdmissions(p.events).filter(
      (a) => a.stayType === 'acute_hospital_inpatient' && a.admit >= start && a.admit <= end,
    ),
  );
  let reconciled = 0;
  let pending = 0;
  let discharges = 0;
  for (const p of enrolled) {
    const reconciledOn = p.events.flatMap((e) =>
      e.type === 'MedicationsReconciled' ? [e.data.reconciledOn] : [],
    );
    for (const stay of listAdmissions(p.events)) {
      if (stay.discharge === null || stay.discharge < start || stay.discharge > end) continue;
      const until = addDays(stay.discharge, 30);
      const done = reconciledOn.some((d) => d >= stay.discharge! && d <= until);
      if (!done && until >= TODAY) pending++;
      else discharges++;
      if (done) reconciled++;
    }
  }
  const latestCheck = enrolled
    .map((p) =>
      p.events
        .flatMap((e) =>
          e.type === 'AdherenceChecked' && e.data.checkedOn >= addDays(end, -89) && e.data.checkedOn <= end
            ? [e.data]
            : [],
        )
        .sort((a, b) => a.checkedOn.localeCompare(b.checkedOn) || a.checkId.localeCompare(b.checkId))
        .at(-1),
    )
    .filter((c) => c !== undefined);
  const surveys = enrolled
    .map((p) =>
      p.events
        .flatMap((e) =>
          e.type === 'SatisfactionSurveyRecorded' &&
          e.data.completedOn >= yearFrom &&
          e.data.completedOn <= end
            ? [e.data]
            : [],
        )
        .at(-1),
    )
    .filter((s) => s !== undefined);
  const meanScore = surveys.reduce(
    (sum, s) => sum + (s.overallScore - s.scale.min) / (s.scale.max - s.scale.min),
    0,
  );
  return {
    enrolledPatients: enrolled.length,
    bloodPressureControlled: control(
      hypertensive,
      'blood_pressure',
      (m: { systolicMmHg: number; diastolicMmHg: number }) => m.systolicMmHg < 140 && m.diastolicMmHg < 90,
    ),
    a1cAbove9: control(diabetic, 'a1c', (m: { a1cPercent: number }) => m.a1cPercent > 9),
    admissions: { events: admissions.length, per1000: per1000(admissions.length, enrolled.length) },
    readmissions: {
      events: admissions.filter((a) => a.readmissionWithin30Days).length,
      per1000: per1000(admissions.filter((a) => a.readmissionWithin30Days).length, enrolled.length),
    },
    emergencyVisits: {
      events: enrolled.flatMap((p) =>
        p.events.filter(
          (e) => e.type === 'EmergencyVisitRecorded' && e.data.visitDate >= start && e.data.visitDate <= end,
        ),
      ).length,
    },
    medicationReconciliationAfterDischarge: { ...share(reconciled, discharges), pending },
    adherent: share(latestCheck.filter((c) => c.finding === 'adherent').length, latestCheck.length),
    satisfaction: {
      respondents: surveys.length,
      meanScorePercent: surveys.length ? Math.round((meanScore / surveys.length) * 1000) / 10 : null,
    },
  };
}

describe('care outcome figures, against the raw events of a seeded clinic', () => {
  let dir: string;
  let store: SqliteReadModelStore;
  let events: InMemoryEventStore;
  let patients: Patient[];
  const months = monthRange('2025-04', '2026-03');

  beforeAll(async () => {
    events = new InMemoryEventStore();
    const practices = new PracticeRecords(events, clock);
    await seedClinic(
      { practices, patients: new PatientRecords(events, practices, clock), clock },
      { practiceId: PRACTICE, patients: 80, months: 12, seed: 11, lastDay: '2026-03-30', careOutcomes: true },
    );
    const all: RecordedEvent[] = [];
    for (let after; ;) {
      const page = await events.readAll({ after, maxCount: MAX_PAGE_SIZE });
      all.push(...page.events);
      after = page.lastPosition ?? after;
      if (page.isEnd) break;
    }
    patients = patientsOf(all);
    dir = mkdtempSync(join(tmpdir(), 'ccm-outcomes-'));
    store = new SqliteReadModelStore({ filename: join(dir, 'read-models.sqlite') });
    await projectEvents(store, all, { projections: [careOutcomesProjection], batchSize: 40 });
  }, 180_000);

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the clinic records enough of each for the comparison to mean something', async () => {
    const march = (await new ReadModelQueries(store, events).outcomeMetrics(PRACTICE, '2026-03', NOW)).body;
    expect(march.enrolledPatients).toBeGreaterThan(40);
    expect(march.bloodPressureControlled.denominator).toBeGreaterThan(5);
    expect(march.a1cAbove9.denominator).toBeGreaterThan(5);
    const year = await Promise.all(
      months.map(
        async (m) => (await new ReadModelQueries(store, events).outcomeMetrics(PRACTICE, m, NOW)).body,
      ),
    );
    const sum = (f: (m: OutcomeMetrics) => number) => year.reduce((s, m) => s + f(m), 0);
    expect(sum((m) => m.admissions.events)).toBeGreaterThan(3);
    expect(sum((m) => m.readmissions.events)).toBeGreaterThan(0);
    expect(sum((m) => m.medicationReconciliationAfterDischarge.denominator)).toBeGreaterThan(2);
    expect(sum((m) => m.adherent.denominator)).toBeGreaterThan(20);
    expect(march.satisfaction.respondents).toBeGreaterThan(3);
  });

  it.each(monthRange('2025-04', '2026-03'))('answers %s as the raw events give it', async (month) => {
    const served = (await new ReadModelQueries(store, events).outcomeMetrics(PRACTICE, month, NOW)).body;
    expect(served).toMatchObject(expected(patients, month));
    expect(served.bloodPressureControlled.definition.denominator).toContain('hypertension');
  });
});
