import {
  isCanonicalMbi,
  isValidNpi,
  patientStreamId,
  practiceStreamId,
  type PatientCommand,
  type PracticeState,
} from '@ccm/domain';
import { InMemoryEventStore, MAX_PAGE_SIZE, type GlobalPosition, type RecordedEvent } from '@ccm/event-store';
import {
  buildClaimFile,
  findEligible,
  claimDemographicsOf,
  formatClaimFile,
  read837p,
  type ClaimDemographics,
} from '@ccm/interop';
import { decodePatientEvent, listedPatientMonthFromEvents } from '@ccm/patient-months';
import { exportRow, type ExportRow } from '@ccm/projections';
import { decodeCandidateEvent } from '@ccm/projections/enrolment-funnel/candidate-events';
import { funnelTrendFor } from '@ccm/projections/enrolment-funnel/funnel';
import {
  evolveCandidateFunnelRecord,
  evolvePatientFunnelRecord,
  type CandidateFunnelRecord,
  type PatientFunnelRecord,
} from '@ccm/projections/enrolment-funnel/funnel-record';
import {
  CandidateRecords,
  PatientRecords,
  PracticeRecords,
  readWholeStreamVerified,
  type Clock,
} from '@ccm/record';
import { CODE_RULE } from '@ccm/billing/codes';
import { planBillingSetup } from './billing-setup-plan';
import { planCandidates, type PlannedCandidate } from './candidate-plan';
import { clinicMonths, planClinic, type ClinicOptions, type PatientPlan } from './generate-clinic';
import { seedClinic } from './seed-clinic';

const clock: Clock = { now: () => new Date('2026-03-31T17:00:00Z') };
const options: ClinicOptions = {
  practiceId: 'interop',
  patients: 30,
  months: 4,
  seed: 7,
  lastDay: '2026-03-30',
  interop: true,
};
const DEMOGRAPHIC_TYPES = new Set(['RecordDemographics', 'CorrectDemographics']);

let store: InMemoryEventStore;
let patients: PatientRecords;
let plans: PatientPlan[];
let panel: PlannedCandidate[];
let practiceEvents: RecordedEvent[];
let practice: PracticeState;

const commandsOf = (plan: PatientPlan): PatientCommand[] => plan.steps.map((s) => s.command);
const enrolled = (plan: PatientPlan) => plan.steps.length > 0;

async function allEvents(): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let after: GlobalPosition | undefined; ;) {
    const page = await store.readAll({ after, maxCount: MAX_PAGE_SIZE });
    events.push(...page.events);
    after = page.lastPosition ?? after;
    if (page.isEnd) return events;
  }
}

beforeAll(async () => {
  store = new InMemoryEventStore();
  const practices = new PracticeRecords(store, clock);
  patients = new PatientRecords(store, practices, clock);
  const report = await seedClinic({ practices, patients, clock, store }, options);
  expect(report).toMatchObject({ patients: 30, refused: {}, alreadyApplied: 0 });
  plans = [...planClinic(options)];
  panel = planCandidates(options, plans);
  practiceEvents = await readWholeStreamVerified(store, practiceStreamId(options.practiceId));
  practice = (await practices.load(options.practiceId)).state;
}, 60_000);

describe('synthetic clinic with interop', () => {
  it('leaves every other step as it was, and is deterministic for a seed', () => {
    const without = [...planClinic({ ...options, interop: false })];
    const stripped = plans.map((p) => ({
      patientId: p.patientId,
      steps: p.steps.filter((s) => !DEMOGRAPHIC_TYPES.has(s.command.type)),
    }));
    expect(JSON.stringify(stripped)).toBe(JSON.stringify(without));
    expect(JSON.stringify([...planClinic(options)])).toBe(JSON.stringify(plans));
    // More patients leave the earlier ones, their candidates and the people never enrolled as they were.
    const few = { ...options, patients: 5 };
    const more = [...planClinic({ ...options, patients: 10 })];
    expect(JSON.stringify(more.slice(0, 5))).toBe(JSON.stringify([...planClinic(few)]));
    const fewPanel = planCandidates(few, planClinic(few));
    const morePanel = planCandidates({ ...options, patients: 10 }, more);
    const firstFive = new Set(more.slice(0, 5).map((p) => p.patientId));
    expect(
      morePanel.filter((c) => c.kind !== 'patient' || firstFive.has(c.enrolment?.patientId ?? '')),
    ).toEqual(fewPanel);
    expect(JSON.stringify(planCandidates(options, planClinic(options)))).toBe(JSON.stringify(panel));
    expect(
      JSON.stringify(planCandidates({ ...options, seed: 8 }, planClinic({ ...options, seed: 8 }))),
    ).not.toBe(JSON.stringify(panel));
  });

  it('records demographics for every patient, with a valid MBI no one else holds', async () => {
    const mbis = new Set<string>();
    let corrections = 0;
    for (const plan of plans.filter(enrolled)) {
      const { state } = await patients.load(options.practiceId, plan.patientId);
      if (state.status !== 'enrolled') throw new Error(`${plan.patientId} is not enrolled`);
      const demographics = state.demographics;
      expect(demographics).toBeDefined();
      expect(isCanonicalMbi(demographics?.mbi ?? '')).toBe(true);
      mbis.add(demographics?.mbi ?? '');
      const enrolment = commandsOf(plan)[0];
      expect(enrolment.type === 'EnrollPatient' && enrolment.data.dateOfBirth).toBe(
        demographics?.dateOfBirth,
      );
      expect(demographics?.phone).toMatch(/^\d{3}55501\d{2}$/);
      corrections += demographics?.corrections ?? 0;
    }
    expect(mbis.size).toBe(plans.filter(enrolled).length);
    const planned = plans.flatMap(commandsOf).filter((c) => c.type === 'CorrectDemographics').length;
    expect(corrections).toBe(planned);
    // Never-enrolled candidates have MBIs of their own too.
    const panelMbis = panel.map((c) => c.profile.mbi);
    expect(new Set(panelMbis).size).toBe(panel.length);
  });

  it('records a billing setup with a fee for every billable code: every claim is ready', async () => {
    const setup = planBillingSetup(options).data;
    expect(isValidNpi(setup.billingProvider.npi)).toBe(true);
    expect(setup.fees.map((f) => f.code)).toEqual(Object.keys(CODE_RULE).sort());
    if (practice.status !== 'registered') throw new Error('no practice');
    const claimFileOf = async (month: string) => {
      const rows: ExportRow[] = [];
      const demographics = new Map<string, ClaimDemographics>();
      for (const plan of plans.filter(enrolled)) {
        const streamId = patientStreamId(options.practiceId, plan.patientId);
        const events = await readWholeStreamVerified(store, streamId);
        const document = listedPatientMonthFromEvents(practiceEvents, events, month);
        if (!document) continue;
        rows.push(exportRow(document, 'month-end'));
        const found = claimDemographicsOf((await patients.load(options.practiceId, plan.patientId)).state);
        if (found) demographics.set(plan.patientId, found);
      }
      const setups = practice.status === 'registered' ? (practice.billingSetups ?? []) : [];
      const file = buildClaimFile({
        practiceId: options.practiceId,
        serviceMonth: month,
        generation: 1,
        lines: rows,
        setups,
        demographics,
      });
      return { file, billable: rows.filter((r) => r.status === 'billable').length };
    };
    // Every seeded month: each billable month is a claim, none held back.
    for (const month of clinicMonths(options.lastDay, options.months)) {
      const { file, billable } = await claimFileOf(month);
      expect({ month, notReady: file.notReady, claims: file.claims.length }).toEqual({
        month,
        notReady: [],
        claims: billable,
      });
    }
    const { file, billable } = await claimFileOf(clinicMonths(options.lastDay, options.months)[2]);
    expect(billable).toBeGreaterThan(0);
    const x12 = read837p(formatClaimFile(file, '837p', { date: '2026-03-31', time: '12:00' }));
    expect(x12.lines).toHaveLength(file.claims.reduce((n, c) => n + c.lines.length, 0));
  });

  it('records the candidate panel: eligibility as planned', async () => {
    if (practice.status !== 'registered') throw new Error('no practice');
    const candidates = await new CandidateRecords(store, patients, clock).all(options.practiceId);
    expect([...candidates.keys()].sort()).toEqual(panel.map((c) => c.candidateId).sort());
    const found = findEligible(
      [...candidates.values()].map((c) => c.state),
      practice,
      options.lastDay,
    );
    const byId = new Map(found.map((f) => [f.candidateId, f]));
    // Planned eligible: every patient's candidate and the eligible ones never enrolled (the visits of a
    // four-month clinic are all within the 12 months); each other kind fails exactly its criterion.
    const failing: Record<PlannedCandidate['kind'], string[]> = {
      patient: [],
      eligible: [],
      one_condition: ['chronic_conditions'],
      no_part_b: ['medicare_part_b'],
      no_recent_visit: ['recent_visit'],
    };
    for (const planned of panel) {
      const reasons = byId.get(planned.candidateId)?.reasons ?? [];
      expect([planned.kind, reasons.filter((r) => !r.met).map((r) => r.criterion)]).toEqual([
        planned.kind,
        failing[planned.kind],
      ]);
    }
    const expectedEligible = panel.filter((c) => c.kind === 'patient' || c.kind === 'eligible').length;
    expect(found.filter((f) => f.eligible)).toHaveLength(expectedEligible);
    expect(new Set(panel.map((c) => c.kind)).size).toBe(5);
    expect(found.filter((f) => f.enrolled)).toHaveLength(panel.filter((c) => c.enrolment).length);
  });

  it('records the candidate panel: the funnel counts what was planned', async () => {
    const candidates = new Map<string, CandidateFunnelRecord>();
    const funnelPatients = new Map<string, PatientFunnelRecord>();
    for (const event of await allEvents()) {
      const candidate = decodeCandidateEvent(event);
      if (candidate) {
        const next = evolveCandidateFunnelRecord(candidates.get(candidate.candidateId), candidate);
        if (next) candidates.set(candidate.candidateId, next);
      }
      const patient = decodePatientEvent(event);
      if (patient) {
        const next = evolvePatientFunnelRecord(funnelPatients.get(patient.patientId), patient);
        if (next) funnelPatients.set(patient.patientId, next);
      }
    }
    // Identification runs up to 46 days before a patient's enrolment: three months more cover it.
    const months = clinicMonths(options.lastDay, options.months + 3);
    const trend = funnelTrendFor(
      {
        candidates: [...candidates.values()],
        patients: [...funnelPatients.values()],
        firstBillableMonths: {},
      },
      months,
    );
    const sum = (figure: (m: (typeof trend)[number]) => number) => trend.reduce((n, m) => n + figure(m), 0);
    const stage = (m: (typeof trend)[number], name: string) =>
      m.cohort.stages.find((s) => s.stage === name)?.count ?? 0;
    const attempts = panel.flatMap((c) => c.attempts);
    const consented = (patientId: string) =>
      plans
        .find((p) => p.patientId === patientId)
        ?.steps.some((s) => s.command.type === 'RecordConsent' && s.command.data.decision === 'accepted');

    expect(sum((m) => stage(m, 'identified'))).toBe(panel.length);
    expect(sum((m) => m.activity.outreachAttempts)).toBe(attempts.length);
    expect(sum((m) => m.activity.declined)).toBe(attempts.filter((a) => a.outcome === 'declined').length);
    const reachedByAttempt = panel.filter((c) =>
      c.attempts.some((a) => a.outcome === 'reached' || a.outcome === 'declined'),
    );
    const reachedAtDesk = panel.filter(
      (c) => c.attempts.length === 0 && c.enrolment && consented(c.enrolment.patientId),
    );
    expect(sum((m) => stage(m, 'reached'))).toBe(reachedByAttempt.length + reachedAtDesk.length);
    expect(sum((m) => m.cohort.reachedWithoutOutreach)).toBe(reachedAtDesk.length);
    const enrolledCandidates = panel.filter((c) => c.enrolment && consented(c.enrolment.patientId));
    expect(sum((m) => stage(m, 'enrolled'))).toBe(enrolledCandidates.length);
    expect(enrolledCandidates.length).toBeGreaterThan(0);
    // Patients with no candidate enter at consent.
    const withCandidate = new Set(panel.flatMap((c) => (c.enrolment ? [c.enrolment.patientId] : [])));
    const withoutOutreach = plans.filter(
      (p) => enrolled(p) && !withCandidate.has(p.patientId) && consented(p.patientId),
    );
    expect(sum((m) => m.activity.enteredWithoutOutreach.consented)).toBe(withoutOutreach.length);
    // Every identification is dated before (or on) the enrolment it led to.
    for (const c of panel) if (c.enrolment) expect(c.identifiedOn < c.enrolment.enrolledOn).toBe(true);
  });
});
