import { BILLED_VISIT_CODES } from './codes';
import type { ReasonCode, PoolName, CountedMinutes } from './decision';
import type { PatientMonthFacts, TimeEntry } from './facts';
import {
  EMPTY,
  interval,
  intersect,
  length,
  subtract,
  union,
  type Interval,
  type IntervalSet,
} from './intervals';
import type { BillingPolicy } from './policy';
import {
  dateOfMinute,
  minuteAt,
  minuteOfDateTime,
  monthOfDate,
  monthWindow,
  startOfDay,
  MINUTES_PER_DAY,
} from './wall-clock';

/** Programs whose minutes this engine counts (§3 step 2: anything else belongs to another service). */
export type Family = 'CCM' | 'PCM' | 'RPM';

export interface EntryExclusion {
  reason: ReasonCode;
  rule: string;
  minutes: number;
}

/** What happened to one time entry: its exclusions in filter order, and what each pool counted from it. */
export interface EntryLedger {
  entry: TimeEntry;
  family: Family | null;
  exclusions: EntryExclusion[];
  pools: PoolName[];
  counted: Partial<Record<PoolName, IntervalSet>>;
  /** TIME-10: minutes of this entry already counted for an earlier entry of the same pool. */
  overlapLoss: Partial<Record<PoolName, number>>;
}

export interface TimeLedger {
  /** Start then document order (§3 step 2), the order overlap is resolved and reasons are listed in. */
  entries: EntryLedger[];
  minutes: CountedMinutes;
  /** Per pool, counted intervals of each entry (overlapping only under the 'sum' policy). */
  countedIntervals: Record<PoolName, Interval[]>;
  /** Clinical staff minutes alone (without the practitioner's), for SEL-2 / TIME-7 checks. */
  clinicalStaffOnly: { staff: number; pcmStaff: number };
  /**
   * Minutes each pool would hold if only the structural filters applied (status, program, performer,
   * month): the difference is what consent, inpatient, face-to-face, attempt and prior-auth rules cost.
   */
  beforeTimeRules: CountedMinutes;
  notes: string[];
}

const FAMILIES: readonly string[] = ['CCM', 'PCM', 'RPM'];

function distinctPrograms(entry: TimeEntry): string[] {
  return [...new Set(Array.isArray(entry.program) ? entry.program : [entry.program])];
}

export function entryFamily(entry: TimeEntry): Family | null {
  const programs = distinctPrograms(entry);
  return programs.length === 1 && FAMILIES.includes(programs[0]) ? (programs[0] as Family) : null;
}

export function entryInterval(entry: TimeEntry): Interval {
  const start = minuteAt(entry.date, entry.start);
  return [start, start + entry.minutes];
}

/** Start then document order; stable so equal starts keep the document's order. */
export function orderEntries(entries: readonly TimeEntry[]): TimeEntry[] {
  return entries
    .map((entry, index) => ({ entry, index, start: minuteAt(entry.date, entry.start) }))
    .sort((a, b) => a.start - b.start || a.index - b.index)
    .map((x) => x.entry);
}

function poolsOf(entry: TimeEntry, family: Family | null, billingPractitionerId: string): PoolName[] {
  const isPractitioner =
    entry.performer.role === 'physician_qhp' && entry.performer.id === billingPractitionerId;
  switch (family) {
    case 'CCM':
      // TIME-6: the practitioner's own minutes also count as staff time on a staff track.
      return isPractitioner ? ['staff', 'practitioner'] : ['staff'];
    case 'PCM':
      return isPractitioner ? ['pcmStaff', 'pcmPractitioner'] : ['pcmStaff'];
    case 'RPM':
      return ['rpm'];
    default:
      return [];
  }
}

interface Context {
  facts: PatientMonthFacts;
  policy: BillingPolicy;
  supersededIds: ReadonlySet<string>;
  outsideMonth: IntervalSet;
  beforeConsent: IntervalSet;
  afterRevocation: IntervalSet;
  inpatient: IntervalSet;
  billedVisitDates: ReadonlySet<string>;
}

function buildContext(facts: PatientMonthFacts, policy: BillingPolicy): Context {
  const { start, end } = monthWindow(facts.serviceMonth);
  const consent = facts.consent;
  const consentStart =
    consent.status !== 'none' && consent.obtainedAt
      ? minuteOfDateTime(consent.obtainedAt)
      : Number.POSITIVE_INFINITY;
  const revokedFrom = consent.revokedAt ? minuteOfDateTime(consent.revokedAt) : null;
  const inpatient = (facts.patient.inpatientStays ?? []).reduce<IntervalSet>(
    (set, stay) =>
      // TIME-9: stays carry dates only, so the admit and discharge days are excluded whole.
      union(
        set,
        interval(
          startOfDay(stay.admit),
          stay.discharge ? startOfDay(stay.discharge) + MINUTES_PER_DAY : Number.POSITIVE_INFINITY,
        ),
      ),
    EMPTY,
  );
  const billedVisitDates = new Set<string>();
  for (const service of facts.otherServicesThisMonth) {
    if (service.date && BILLED_VISIT_CODES.includes(service.code)) billedVisitDates.add(service.date);
  }
  // INIT-3: the initiating visit is itself a separately billed face-to-face visit.
  if (facts.initiatingVisit.status === 'completed' && facts.initiatingVisit.date) {
    billedVisitDates.add(facts.initiatingVisit.date);
  }
  return {
    facts,
    policy,
    supersededIds: new Set(facts.timeEntries.map((e) => e.supersedes).filter((id): id is string => !!id)),
    outsideMonth: [
      [Number.NEGATIVE_INFINITY, start],
      [end, Number.POSITIVE_INFINITY],
    ],
    beforeConsent: interval(Number.NEGATIVE_INFINITY, consentStart),
    afterRevocation:
      revokedFrom === null || policy.countMinutesAfterRevocation
        ? EMPTY
        : interval(revokedFrom, Number.POSITIVE_INFINITY),
    inpatient,
    billedVisitDates,
  };
}

/** Applies the §3 step 2 filters in order; the first filter that matches a minute takes it. */
function filterEntry(
  entry: TimeEntry,
  ctx: Context,
): { remaining: IntervalSet; afterMonth: IntervalSet | null; exclusions: EntryExclusion[] } {
  const { facts, policy } = ctx;
  const exclusions: EntryExclusion[] = [];
  let remaining: IntervalSet = [entryInterval(entry)];
  let structural = true;
  let afterMonth: IntervalSet | null = null;

  const drop = (part: IntervalSet, reason: ReasonCode, rule: string) => {
    const hit = intersect(remaining, part);
    const minutes = length(hit);
    if (minutes === 0) return;
    exclusions.push({ reason, rule, minutes });
    remaining = subtract(remaining, hit);
  };
  const dropAll = (reason: ReasonCode, rule: string) => drop(remaining, reason, rule);

  const programs = distinctPrograms(entry);
  const family = entryFamily(entry);
  const isBillingPractitioner = entry.performer.id === facts.billingPractitioner.id;

  if (entry.status !== 'active' || entry.supersededBy || ctx.supersededIds.has(entry.id)) {
    dropAll('SUPERSEDED_OR_VOIDED_ENTRY_EXCLUDED', 'TIME-16');
    structural = false;
  }
  if (programs.length > 1) {
    dropAll('UNALLOCATED_MULTI_PROGRAM_TIME_EXCLUDED', 'TIME-18');
    structural = false;
  }
  const [start] = entryInterval(entry);
  if (policy.splitEntriesAtMonthBoundary) {
    const inside = length(subtract(remaining, ctx.outsideMonth));
    drop(ctx.outsideMonth, 'TIME_OUTSIDE_SERVICE_MONTH_EXCLUDED', inside > 0 ? 'TIME-15' : 'TIME-1');
  } else if (monthOfDate(dateOfMinute(start)) !== facts.serviceMonth) {
    dropAll('TIME_OUTSIDE_SERVICE_MONTH_EXCLUDED', 'TIME-1');
  }
  if (family === null || (family === 'RPM' && !facts.rpm?.enrolled)) {
    dropAll('TIME_COUNTED_FOR_OTHER_SERVICE_EXCLUDED', 'TIME-18');
    structural = false;
  }
  if (entry.performer.role === 'non_clinical_staff') {
    dropAll('NON_CLINICAL_STAFF_TIME_EXCLUDED', 'TIME-3');
    structural = false;
  } else if (entry.performer.role === 'physician_qhp' && !isBillingPractitioner) {
    // TIME-3/TIME-7: only clinical staff and the billing practitioner count; another practitioner never.
    dropAll('REQUIREMENT_NOT_MET', 'TIME-3');
    structural = false;
  }
  if (structural) afterMonth = remaining;
  if (family !== 'RPM') {
    drop(ctx.beforeConsent, 'TIME_BEFORE_CONSENT_EXCLUDED', 'CONS-1');
    drop(ctx.afterRevocation, 'CONSENT_REVOKED_TIME_AFTER_REVOCATION_EXCLUDED', 'CONS-7');
  }
  drop(ctx.inpatient, 'INPATIENT_TIME_EXCLUDED', 'TIME-9');
  if (entry.duringBilledEm || (entry.faceToFace === true && ctx.billedVisitDates.has(entry.date))) {
    dropAll('FACE_TO_FACE_EM_TIME_EXCLUDED', 'TIME-4');
  }
  if (
    !policy.countUnsuccessfulOutreach &&
    (entry.outcome === 'unsuccessful' || entry.patientContact === false)
  ) {
    dropAll('UNSUCCESSFUL_OUTREACH_TIME_EXCLUDED', 'TIME-12');
  }
  if (!policy.countPriorAuthorization && entry.activity === 'prior_authorization') {
    dropAll('TIME_COUNTED_FOR_OTHER_SERVICE_EXCLUDED', 'TIME-13');
  }
  return { remaining, afterMonth, exclusions };
}

function emptyMinutes(): CountedMinutes {
  return { staff: 0, practitioner: 0, pcmStaff: 0, pcmPractitioner: 0, rpm: 0 };
}

/** Runs every time entry through the filters and builds the §3 step 3 pools. */
export function countTime(facts: PatientMonthFacts, policy: BillingPolicy): TimeLedger {
  const ctx = buildContext(facts, policy);
  const covered: Record<PoolName, IntervalSet> = {
    staff: EMPTY,
    practitioner: EMPTY,
    pcmStaff: EMPTY,
    pcmPractitioner: EMPTY,
    rpm: EMPTY,
  };
  const structuralCover: Record<PoolName, IntervalSet> = { ...covered };
  const countedIntervals: Record<PoolName, Interval[]> = {
    staff: [],
    practitioner: [],
    pcmStaff: [],
    pcmPractitioner: [],
    rpm: [],
  };
  let staffOnly: IntervalSet = EMPTY;
  let pcmStaffOnly: IntervalSet = EMPTY;
  const notes: string[] = [];

  const entries = orderEntries(facts.timeEntries).map((entry): EntryLedger => {
    if (entry.endsAt && minuteOfDateTime(entry.endsAt) !== entryInterval(entry)[1]) {
      notes.push(`TIME-17: ${entry.id} endsAt disagrees with its minutes; minutes are authoritative`);
    }
    const family = entryFamily(entry);
    const { remaining, afterMonth, exclusions } = filterEntry(entry, ctx);
    const pools = poolsOf(entry, family, facts.billingPractitioner.id);
    const ledger: EntryLedger = { entry, family, exclusions, pools, counted: {}, overlapLoss: {} };
    for (const pool of pools) {
      if (afterMonth) structuralCover[pool] = union(structuralCover[pool], afterMonth);
      if (length(remaining) === 0) continue;
      const counted = policy.concurrentTime === 'union' ? subtract(remaining, covered[pool]) : remaining;
      covered[pool] = union(covered[pool], remaining);
      ledger.counted[pool] = counted;
      countedIntervals[pool].push(...counted);
      const lost = length(remaining) - length(counted);
      if (lost > 0) ledger.overlapLoss[pool] = lost;
    }
    if (entry.performer.role === 'clinical_staff') {
      if (family === 'CCM') staffOnly = union(staffOnly, remaining);
      if (family === 'PCM') pcmStaffOnly = union(pcmStaffOnly, remaining);
    }
    return ledger;
  });

  const minutes = emptyMinutes();
  const beforeTimeRules = emptyMinutes();
  for (const pool of Object.keys(minutes) as PoolName[]) {
    minutes[pool] = countedIntervals[pool].reduce((sum, [s, e]) => sum + (e - s), 0);
    beforeTimeRules[pool] = Math.max(length(structuralCover[pool]), minutes[pool]);
  }
  return {
    entries,
    minutes,
    countedIntervals,
    clinicalStaffOnly: { staff: length(staffOnly), pcmStaff: length(pcmStaffOnly) },
    beforeTimeRules,
    notes,
  };
}
