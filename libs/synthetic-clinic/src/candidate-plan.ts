import {
  addDays,
  type CandidateCondition,
  type CandidateCoverage,
  type CandidateProfile,
  type OutreachAttempt,
  type OutreachOutcome,
} from '@ccm/domain';
import { CLINICAL_STAFF, CONDITIONS, PRACTITIONERS } from './catalog';
import { SYNTHETIC_MBI_PEOPLE, syntheticPerson } from './demographics-plan';
import { clinicMonths, type ClinicOptions, type PatientPlan } from './generate-clinic';
import { Random } from './random';

/** Mixed into the clinic's seed for the candidates never enrolled, and into a patient's for theirs. */
export const CANDIDATE_SALT = 0xca1d;

/** Why a candidate was put on the panel, and so which criterion, if any, they fail. */
export type CandidateKind = 'patient' | 'eligible' | 'one_condition' | 'no_part_b' | 'no_recent_visit';

export interface PlannedCandidate {
  readonly candidateId: string;
  readonly kind: CandidateKind;
  /** The day of the panel import that identified them (the first Monday of a month). */
  readonly identifiedOn: string;
  readonly profile: CandidateProfile;
  /** In the order they happened; each made by `by`, a nurse of the practice. */
  readonly attempts: readonly (OutreachAttempt & { readonly by: string })[];
  /** The patient they became, on the enrolment day. */
  readonly enrolment?: { readonly patientId: string; readonly enrolledOn: string };
}

/** About this many people on the panel are never enrolled, for each patient of the clinic. */
const UNENROLLED_PER_PATIENT = 0.3;
const DAY_MS = 86_400_000;
const pad = (n: number): string => String(n).padStart(2, '0');
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** The first Monday of the month of `day`. */
function firstMondayOf(day: string): string {
  const first = `${day.slice(0, 7)}-01`;
  return addDays(first, (8 - new Date(`${first}T00:00:00Z`).getUTCDay()) % 7);
}

/**
 * The practice imports its EHR panel on the first Monday of each month: the import day on or before
 * `day`. Monthly, as many practices run their panel reports; each import reads the whole panel, so
 * fewer imports also keep the seed quick.
 */
export function importDayOf(day: string): string {
  const monday = firstMondayOf(day);
  return monday <= day ? monday : firstMondayOf(addDays(`${day.slice(0, 7)}-01`, -1));
}

/** Part B from the month the person turned 65, or by disability two years before when that is later. */
function partB(dateOfBirth: string, identifiedOn: string): CandidateCoverage {
  const at65 = `${Number(dateOfBirth.slice(0, 4)) + 65}-${dateOfBirth.slice(5, 7)}-01`;
  const start = at65 <= identifiedOn ? at65 : `${Number(identifiedOn.slice(0, 4)) - 2}-01-01`;
  return { kind: 'medicare_part_b', start };
}

/** Distinct days from `from` to `to`, both included, in order: at most as many as there are days. */
function daysIn(random: Random, from: string, to: string, count: number): string[] {
  const span = daysBetween(from, to);
  const days = new Set<string>();
  for (let i = 0; i < count * 4 && days.size < Math.min(count, span + 1); i++) {
    days.add(addDays(from, random.int(0, span)));
  }
  return [...days].sort();
}

/** Attempts on those days, the last with `last` and the ones before unanswered. */
function attemptsOn(
  candidateId: string,
  days: readonly string[],
  last: OutreachOutcome,
  random: Random,
): PlannedCandidate['attempts'] {
  const by = random.pick(CLINICAL_STAFF);
  return days.map((day, i) => {
    const outcome = i === days.length - 1 ? last : random.pick(['no_answer', 'left_message'] as const);
    // Unanswered calls are calls; an answer may also come through the portal or at the front desk.
    const answered = outcome === 'reached' || outcome === 'declined';
    return {
      attemptId: `${candidateId}-o${i + 1}`,
      attemptedAt: `${day}T${pad(random.int(9, 16))}:${pad(random.int(0, 11) * 5)}`,
      channel: answered && random.chance(0.2) ? random.pick(['portal', 'in_person'] as const) : 'phone',
      purpose: 'enrolment',
      outcome,
      by,
    };
  });
}

/**
 * The candidate a patient was before enrolment, for about 85% of patients (the others came to the clinic
 * without outreach): identified by the monthly import on or before a day 3 to 40 days before the
 * enrolment day, with the patient's name, date of birth, sex and MBI, the enrolment's conditions
 * (diagnosed years before), Part B and a visit with their practitioner some weeks before; reached before
 * the enrolment day after up to two unanswered calls (about one in ten was reached at the front desk,
 * with no attempt recorded); linked to the patient on the enrolment day.
 */
export function candidateOfPatient(plan: PatientPlan, random: Random): PlannedCandidate | undefined {
  const [enrol, ...rest] = plan.steps;
  if (enrol?.command.type !== 'EnrollPatient' || !random.chance(0.85)) return undefined;
  const recorded = rest.find((s) => s.command.type === 'RecordDemographics')?.command;
  if (recorded?.type !== 'RecordDemographics') return undefined;
  const { patientId, enrolledOn, billingPractitionerId, conditions } = enrol.command.data;
  const enrolDay = enrolledOn ?? enrol.at.slice(0, 10);
  const identifiedOn = importDayOf(addDays(enrolDay, -random.int(3, 40)));
  const npi = PRACTITIONERS.find((p) => p.id === billingPractitionerId)?.npi;
  const candidateId = `cand-${patientId}`;
  const { name, dateOfBirth, sex, mbi } = recorded.data;
  const days = random.chance(0.9)
    ? daysIn(random, identifiedOn, addDays(enrolDay, -1), random.int(1, 3))
    : [];
  return {
    candidateId,
    kind: 'patient',
    identifiedOn,
    profile: {
      source: 'csv',
      name,
      dateOfBirth,
      sex,
      mbi,
      conditions: conditions.map((c) => ({
        icd10: c.icd10,
        onsetDate: addDays(identifiedOn, -random.int(400, 3000)),
      })),
      coverages: [partB(dateOfBirth, identifiedOn)],
      encounters: [
        {
          date: addDays(identifiedOn, -random.int(5, 60)),
          ...(npi ? { practitionerNpi: npi } : {}),
          kind: 'office visit',
        },
      ],
    },
    attempts: attemptsOn(candidateId, days, 'reached', random),
    enrolment: { patientId, enrolledOn: enrolDay },
  };
}

/**
 * People on the panel who never became patients: mostly eligible ones (two or more chronic conditions,
 * Part B, a recent visit), whom the nurses try to reach (no answer, a message left, a decline, or
 * reached and still thinking it over), and some who fail one criterion: one chronic condition only,
 * Medicare Advantage instead of Part B, or no visit in the last 12 months. The first four are one of
 * each kind, so a small clinic shows every kind. Their MBIs are counted down from the last the
 * generator tells apart, so they never meet a patient's, whatever the number of patients.
 */
export function unenrolledCandidates(options: ClinicOptions): PlannedCandidate[] {
  const root = new Random(options.seed).fork(CANDIDATE_SALT);
  const months = clinicMonths(options.lastDay, options.months);
  const count = Math.max(4, Math.round(options.patients * UNENROLLED_PER_PATIENT));
  const kinds: CandidateKind[] = ['eligible', 'one_condition', 'no_part_b', 'no_recent_visit'];
  return Array.from({ length: count }, (_, i) => {
    const random = root.fork(i);
    const kind =
      i < kinds.length
        ? kinds[i]
        : random.weighted([
            ['eligible', 6],
            ['one_condition', 2],
            ['no_part_b', 1],
            ['no_recent_visit', 1],
          ] as const);
    const month = months[random.int(0, months.length - 1)];
    const drawnDay = `${month}-${pad(random.int(1, 28))}`;
    const identifiedOn = importDayOf(drawnDay < options.lastDay ? drawnDay : options.lastDay);
    const dateOfBirth = `${random.int(1935, 1960)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;
    const { name, sex, mbi } = syntheticPerson(SYNTHETIC_MBI_PEOPLE - 1 - i, dateOfBirth, random);
    const candidateId = `cand-${String(i + 1).padStart(5, '0')}`;
    const drawn = CONDITIONS.filter(([, prevalence]) => random.chance(prevalence)).map(([c]) => c.icd10);
    const codes =
      kind === 'one_condition'
        ? [random.pick(CONDITIONS)[0].icd10]
        : [...new Set([...drawn, 'I10', 'E78.5'])].slice(0, 4);
    const conditions: CandidateCondition[] = codes.map((icd10) => ({
      icd10,
      onsetDate: addDays(identifiedOn, -random.int(400, 3000)),
    }));
    const visit =
      kind === 'no_recent_visit'
        ? addDays(identifiedOn, -random.int(420, 600))
        : addDays(identifiedOn, -random.int(5, 90));
    const coverages: CandidateCoverage[] = [
      kind === 'no_part_b'
        ? { kind: 'medicare_advantage', start: partB(dateOfBirth, identifiedOn).start }
        : partB(dateOfBirth, identifiedOn),
    ];
    const last = random.weighted([
      ['no_answer', 3],
      ['left_message', 3],
      ['declined', 3],
      ['reached', 2],
    ] as const);
    const until = addDays(identifiedOn, 45) < options.lastDay ? addDays(identifiedOn, 45) : options.lastDay;
    const days =
      kind === 'eligible' && random.chance(0.85) ? daysIn(random, identifiedOn, until, random.int(1, 3)) : [];
    return {
      candidateId,
      kind,
      identifiedOn,
      profile: {
        source: 'csv' as const,
        name,
        dateOfBirth,
        sex,
        mbi,
        conditions,
        coverages,
        encounters: [{ date: visit, practitionerNpi: random.pick(PRACTITIONERS).npi, kind: 'office visit' }],
      },
      attempts: attemptsOn(candidateId, days, last, random),
    };
  });
}

/** The whole panel: each patient's candidate (when they had one), then the people never enrolled. */
export function planCandidates(options: ClinicOptions, plans: Iterable<PatientPlan>): PlannedCandidate[] {
  const root = new Random(options.seed);
  const ofPatients: PlannedCandidate[] = [];
  let index = 0;
  for (const plan of plans) {
    const candidate = candidateOfPatient(plan, root.fork(index++).fork(CANDIDATE_SALT));
    if (candidate) ofPatients.push(candidate);
  }
  return [...ofPatients, ...unenrolledCandidates(options)];
}
