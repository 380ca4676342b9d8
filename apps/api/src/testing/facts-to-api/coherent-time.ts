import type { PatientMonthFacts, Performer, PerformerRole, TimeEntry } from '@ccm/billing';
import { dateTimeOfMinute, minuteAt, monthWindow } from '@ccm/billing/wall-clock';
import { ID_PATTERN, TIME_PROGRAMS } from '@ccm/domain';

/** What `coherent` does to time entries (the rules are numbered as in coherent.ts). */

const DEFAULT_CREDENTIAL: Record<PerformerRole, string> = {
  physician_qhp: 'MD',
  clinical_staff: 'RN',
  non_clinical_staff: 'scheduler',
};
const ACTIVITY = /^[a-z][a-z0-9_]{1,63}$/;
const PROCEDURE = /^([0-9]{5}|[A-Z][0-9]{4})$/;

/**
 * Rule 4: one roster line per person. The billing practitioner is a practitioner; anyone else has the
 * role (and credential) of the first entry they perform.
 */
export function performersOf(facts: PatientMonthFacts): Map<string, Performer> {
  const bp = facts.billingPractitioner;
  const roster = new Map<string, Performer>([
    [bp.id, { id: bp.id, role: 'physician_qhp', credential: bp.credential ?? 'MD' }],
  ]);
  for (const { performer: p } of facts.timeEntries) {
    if (!roster.has(p.id))
      roster.set(p.id, { id: p.id, role: p.role, credential: p.credential ?? DEFAULT_CREDENTIAL[p.role] });
  }
  return roster;
}

/** Rule 10: a program the api does not know is another service's (TCM); a one-program list is that program. */
export function programOf(program: string | readonly string[]): string | string[] {
  const known = (p: string) => ((TIME_PROGRAMS as readonly string[]).includes(p) ? p : 'TCM');
  if (!Array.isArray(program)) return known(program as string);
  const distinct = [...new Set(program.map(known))];
  return distinct.length === 1 ? distinct[0] : distinct;
}

const CORRECTABLE = (e: TimeEntry) =>
  JSON.stringify([
    e.performer.id,
    programOf(e.program),
    e.activity ?? null,
    e.faceToFace ?? null,
    e.duringBilledEm ?? null,
    e.outcome ?? null,
    e.patientContact ?? null,
    e.interactiveCommunication ?? null,
    e.jointWith ?? null,
    e.reallocatedFrom ?? null,
  ]);

/**
 * Rule 11 (TIME-16): a correction in this record changes an entry in place. An entry superseded by exactly
 * one active entry that differs from it only in date, start or minutes is that correction: the record holds
 * the superseding entry (its id), logged with the superseded values and corrected. Returns [superseded,
 * superseding] pairs.
 */
export function correctionPairs(facts: PatientMonthFacts): [TimeEntry, TimeEntry][] {
  const byId = new Map(facts.timeEntries.map((e) => [e.id, e]));
  const referenced = new Map<string, number>();
  for (const e of facts.timeEntries)
    if (e.supersedes) referenced.set(e.supersedes, (referenced.get(e.supersedes) ?? 0) + 1);
  const pairs: [TimeEntry, TimeEntry][] = [];
  for (const b of facts.timeEntries) {
    const a = b.supersedes ? byId.get(b.supersedes) : undefined;
    if (!a || a === b || referenced.get(a.id) !== 1 || a.supersedes || a.status === 'voided') continue;
    if (b.status !== 'active' || b.supersededBy || referenced.has(b.id)) continue;
    if (a.supersededBy && a.supersededBy !== b.id) continue;
    if (CORRECTABLE(a) !== CORRECTABLE(b)) continue;
    if (a.date === b.date && a.start === b.start && a.minutes === b.minutes) continue;
    pairs.push([a, b]);
  }
  return pairs;
}

/** Where an entry ends when it ends on a later date than it starts (TIME-15), as the api stores it. */
function endsAtOf(date: string, start: string, minutes: number): string | null {
  const from = minuteAt(date, start);
  const last = dateTimeOfMinute(from + minutes - 1);
  return last.slice(0, 10) === date ? null : dateTimeOfMinute(from + minutes);
}

export function coherentEntries(facts: PatientMonthFacts): TimeEntry[] {
  const roster = performersOf(facts);
  const { start: monthStart, end: monthEnd } = monthWindow(facts.serviceMonth);
  const corrections = correctionPairs(facts);
  const replaced = new Set(corrections.map(([a]) => a.id));
  const superseded = new Set<string>();
  for (const e of facts.timeEntries) {
    if (e.status === 'superseded' || e.supersededBy) superseded.add(e.id);
    if (e.supersedes) superseded.add(e.supersedes);
  }
  return facts.timeEntries
    .filter((e) => !replaced.has(e.id))
    .filter((e) => {
      // Rule 12: the month lists the entries with minutes in it.
      const from = minuteAt(e.date, e.start);
      return from < monthEnd && from + e.minutes > monthStart;
    })
    .map((e): TimeEntry => {
      const program = programOf(e.program);
      const from = e.reallocatedFrom && typeof program === 'string' ? programOf(e.reallocatedFrom) : null;
      const reallocatedFrom = from === null || from === program ? null : [from].flat();
      const jointWith = (e.jointWith ?? []).filter((id) => ID_PATTERN.test(id)).slice(0, 20);
      const activity = e.activity && ACTIVITY.test(e.activity) ? e.activity : 'care_management';
      return {
        id: e.id,
        date: e.date,
        start: e.start,
        minutes: e.minutes,
        endsAt: endsAtOf(e.date, e.start, e.minutes),
        performer: roster.get(e.performer.id)!,
        program,
        // Rule 11: superseded entries that are not corrections are voided.
        status: e.status === 'active' && !superseded.has(e.id) ? 'active' : 'voided',
        activity,
        ...(e.voidReason ? { voidReason: e.voidReason } : {}),
        ...(e.correctionReason ? { correctionReason: e.correctionReason } : {}),
        ...(reallocatedFrom ? { reallocatedFrom } : {}),
        ...(jointWith.length > 0 ? { jointWith } : {}),
        ...(e.faceToFace !== undefined ? { faceToFace: e.faceToFace } : {}),
        ...(e.duringBilledEm
          ? { duringBilledEm: PROCEDURE.test(e.duringBilledEm) ? e.duringBilledEm : '99214' }
          : {}),
        ...(e.outcome === 'unsuccessful' ? { outcome: 'unsuccessful' } : {}),
        ...(typeof e.patientContact === 'boolean' ? { patientContact: e.patientContact } : {}),
        ...(e.interactiveCommunication !== undefined
          ? { interactiveCommunication: e.interactiveCommunication }
          : {}),
      };
    })
    .sort((a, b) => `${a.date}T${a.start}`.localeCompare(`${b.date}T${b.start}`) || a.id.localeCompare(b.id));
}
