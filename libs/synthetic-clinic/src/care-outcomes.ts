import {
  addDays,
  type Actor,
  type MeasurementInput,
  type ObservationSource,
  type PatientCommand,
} from '@ccm/domain';
import type { ClinicStep } from './generate-clinic';
import { planCareTeam } from './care-team-plan';
import { planMedications } from './medication-plan';
import type { Random } from './random';

/** Mixed into a patient's generator so the outcome draws never change the draws of the rest of the clinic. */
export const CARE_OUTCOMES_SALT = 0xca5e;

const pad = (n: number): string => String(n).padStart(2, '0');
const oneDecimal = (n: number): number => Math.round(n * 10) / 10;

interface History {
  readonly patientId: string;
  readonly conditions: readonly string[];
  readonly enrolDay: string;
  /** The last day the care team records anything: the clinic's last day, or the day consent was withdrawn. */
  readonly lastDay: string;
  readonly nurse: Actor;
  readonly doctor: Actor;
  readonly rpmDevice?: string;
  readonly rpmPeriods: readonly { periodId: string; start: string; recordedAt: string }[];
}

function historyOf(steps: readonly ClinicStep[], lastDay: string): History | undefined {
  const [enrol] = steps;
  if (enrol?.command.type !== 'EnrollPatient') return undefined;
  const plan = steps.find((s) => s.command.type === 'CreateCarePlan');
  const share = steps.find((s) => s.command.type === 'ShareCarePlan');
  if (!plan || !share) return undefined;
  const withdrawal = steps.find((s) => s.command.type === 'WithdrawConsent');
  const rpm = steps.find((s) => s.command.type === 'EnrollInRpm')?.command;
  return {
    patientId: enrol.command.data.patientId,
    conditions: enrol.command.data.conditions.map((c) => c.icd10),
    enrolDay: enrol.at.slice(0, 10),
    lastDay: withdrawal ? withdrawal.at.slice(0, 10) : lastDay,
    nurse: share.actor,
    doctor: plan.actor,
    ...(rpm?.type === 'EnrollInRpm' ? { rpmDevice: rpm.data.deviceType } : {}),
    rpmPeriods: steps.flatMap((s) =>
      s.command.type === 'RecordRpmDevicePeriod'
        ? [{ periodId: s.command.data.periodId, start: s.command.data.start, recordedAt: s.at }]
        : [],
    ),
  };
}

/** A day strictly after `from` and at most `to`, or undefined when there is none. */
function dayBetween(random: Random, from: string, to: string, span: number): string | undefined {
  const day = addDays(from, random.int(1, span));
  return day <= to ? day : undefined;
}

/**
 * A patient's clinical observations, utilisation and satisfaction, as a practice would record them beside
 * the care: blood pressures of hypertensive patients (about 60% controlled under 140/90), quarterly A1c
 * results of diabetic patients imported from the EHR (mostly 6-9%, a tail above 9%), weights of heart
 * failure patients, device readings in RPM device periods, ED visits, acute admissions (about one in six
 * followed by a readmission within 30 days, some by a SNF stay) and a satisfaction survey for some; then
 * medications (medication-plan.ts), the designated care-team member and after-hours contacts
 * (care-team-plan.ts).
 */
export function planCareOutcomes(
  steps: readonly ClinicStep[],
  clinicLastDay: string,
  random: Random,
): ClinicStep[] {
  const h = historyOf(steps, clinicLastDay);
  if (!h) return [];
  const out: ClinicStep[] = [];
  const id = (suffix: string) => `${h.patientId}-${suffix}`;
  const push = (actor: Actor, at: string, command: PatientCommand) => out.push({ actor, at, command });
  const observe = (
    n: string,
    at: string,
    measurement: MeasurementInput,
    source: ObservationSource,
    actor = h.nurse,
  ) =>
    push(actor, at, {
      type: 'RecordObservation',
      data: { observationId: id(n), measurement, takenAt: at, source },
    });
  const months = Math.max(
    1,
    Math.round((Date.parse(h.lastDay) - Date.parse(h.enrolDay)) / (30 * 86_400_000)),
  );
  const time = () => `T${pad(random.int(8, 16))}:${pad(random.int(0, 11) * 5)}`;

  if (h.conditions.includes('I10')) {
    const controlled = random.chance(0.6);
    for (let m = 0; m < months; m++) {
      const day = dayBetween(random, addDays(h.enrolDay, m * 30), h.lastDay, 29);
      if (!day || !random.chance(0.7)) continue;
      const [systolic, diastolic] = controlled
        ? [random.int(112, 138), random.int(64, 88)]
        : [random.int(141, 176), random.int(78, 104)];
      observe(
        `bp-${m}`,
        `${day}${time()}`,
        { kind: 'blood_pressure', systolicMmHg: systolic, diastolicMmHg: diastolic },
        { type: 'staff' },
      );
    }
  }
  if (h.conditions.some((c) => c.startsWith('E11'))) {
    const baseline = random.weighted([
      [6.5, 30],
      [7.5, 30],
      [8.5, 22],
      [9.8, 18],
    ] as const);
    for (let q = 0; q * 90 <= months * 30; q++) {
      const day = dayBetween(random, addDays(h.enrolDay, q * 90 - 1), h.lastDay, 20);
      if (!day) continue;
      const a1cPercent = oneDecimal(baseline + (random.next() - 0.5) * 1.2);
      observe(
        `a1c-${q}`,
        `${day}T07:30`,
        { kind: 'a1c', a1cPercent },
        { type: 'imported', system: 'Regional Lab Interface' },
      );
      if (random.chance(0.5)) {
        const glucoseMgDl = Math.round(a1cPercent * 28.7 - 46.7 + random.int(-25, 25));
        observe(
          `glu-${q}`,
          `${day}T07:31`,
          { kind: 'glucose', glucoseMgDl, glucoseTiming: 'fasting' },
          { type: 'imported', system: 'Regional Lab Interface' },
        );
      }
    }
  }
  if (h.conditions.includes('I50.9')) {
    const kg = random.int(60, 115);
    for (let m = 0; m < months; m++) {
      const day = dayBetween(random, addDays(h.enrolDay, m * 30), h.lastDay, 29);
      if (!day || !random.chance(0.6)) continue;
      const weight = kg + (random.next() - 0.5) * 4;
      const input: MeasurementInput = random.chance(0.5)
        ? { kind: 'weight', weight: oneDecimal(weight), weightUnit: 'kg' }
        : { kind: 'weight', weight: oneDecimal(weight / 0.45359237), weightUnit: 'lb' };
      observe(`wt-${m}`, `${day}${time()}`, input, { type: 'staff' });
    }
  }
  // Device readings arrive with the period's report, each taken on a day of the period.
  const reading = (): MeasurementInput | undefined =>
    h.rpmDevice === 'blood_pressure_cuff'
      ? { kind: 'blood_pressure', systolicMmHg: random.int(112, 168), diastolicMmHg: random.int(64, 98) }
      : h.rpmDevice === 'glucometer'
        ? { kind: 'glucose', glucoseMgDl: random.int(80, 260), glucoseTiming: 'random' }
        : h.rpmDevice === 'weight_scale'
          ? { kind: 'weight', weight: random.int(60, 115), weightUnit: 'kg' }
          : undefined;
  for (const period of h.rpmPeriods) {
    if (period.recordedAt.slice(0, 10) > h.lastDay) continue;
    for (let r = 0; r < 2; r++) {
      const measurement = reading();
      if (!measurement) break;
      const takenAt = `${addDays(period.start, random.int(0, 29))}T07:${pad(random.int(0, 59))}`;
      out.push({
        actor: h.nurse,
        at: period.recordedAt.replace(/T.*/, `T18:3${r}`),
        command: {
          type: 'RecordObservation',
          data: {
            observationId: id(`${period.periodId}-r${r}`),
            measurement,
            takenAt,
            source: { type: 'rpm_device', rpmPeriodId: period.periodId },
          },
        },
      });
    }
  }
  planUtilisation(h, months, random, push);
  const surveyDay = dayBetween(random, addDays(h.enrolDay, 59), h.lastDay, 120);
  if (surveyDay && random.chance(0.4)) {
    const overall = random.weighted([
      [5, 40],
      [4, 35],
      [3, 15],
      [2, 6],
      [1, 4],
    ] as const);
    const near = () => Math.min(5, Math.max(1, overall + random.int(-1, 1)));
    push(h.nurse, `${surveyDay}T12:00`, {
      type: 'RecordSatisfactionSurvey',
      data: {
        surveyId: id('survey-1'),
        completedOn: surveyDay,
        instrument: 'CCM patient satisfaction v1',
        scale: { min: 1, max: 5 },
        overallScore: overall,
        items: [
          { item: 'Easy to reach the care team', score: near() },
          { item: 'Understands the care plan', score: near() },
          { item: 'Would recommend the program', score: near() },
        ],
      },
    });
  }
  out.push(...planMedications(h, out, months, random));
  out.push(...planCareTeam(h, steps, random));
  return out;
}

/** ED visits and stays, never overlapping: the day after one ends is the first a next one may start. */
function planUtilisation(
  h: History,
  months: number,
  random: Random,
  push: (actor: Actor, at: string, command: PatientCommand) => void,
): void {
  let free = h.enrolDay;
  let stays = 0;
  const admit = (
    admitDay: string,
    stayType: 'acute_hospital_inpatient' | 'skilled_nursing_facility',
    days: number,
  ) => {
    const stayId = `${h.patientId}-stay-${++stays}`;
    const discharge = addDays(admitDay, days);
    push(h.nurse, `${admitDay}T10:00`, {
      type: 'RecordInpatientStay',
      data: { stayId, stayType, admit: admitDay, discharge: null },
    });
    if (discharge > h.lastDay) {
      free = '9999-12-31';
      return undefined;
    }
    push(h.nurse, `${discharge}T16:00`, { type: 'RecordHospitalDischarge', data: { stayId, discharge } });
    free = addDays(discharge, 1);
    return discharge;
  };
  for (let m = 0; m < months; m++) {
    const day = dayBetween(random, addDays(h.enrolDay, m * 30), h.lastDay, 29);
    if (!day || day < free) continue;
    if (random.chance(0.04)) {
      push(h.nurse, `${day}T20:00`, {
        type: 'RecordEmergencyVisit',
        data: {
          visitId: `${h.patientId}-ed-${m}`,
          visitDate: day,
          facility: random.pick(['Mercy General ED', 'St. Luke’s Emergency', 'County Medical Center ED']),
          ...(random.chance(0.8)
            ? { reasonCode: random.pick(['R07.9', 'J44.1', 'I50.9', 'R55', 'N39.0']) }
            : {}),
        },
      });
      continue;
    }
    if (!random.chance(0.025)) continue;
    let discharge = admit(day, 'acute_hospital_inpatient', random.int(2, 7));
    if (discharge && random.chance(0.1))
      discharge = admit(discharge, 'skilled_nursing_facility', random.int(7, 20));
    if (discharge && random.chance(0.2)) {
      const again = addDays(discharge, random.int(3, 29));
      if (again <= h.lastDay) admit(again, 'acute_hospital_inpatient', random.int(2, 6));
    }
  }
}
