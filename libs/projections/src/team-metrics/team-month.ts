import { minutesInMonth, type PatientMonthDocument } from '@ccm/patient-months';

/** One staff member's work in one patient-month, or summed over the practice's patient-months. */
export interface StaffWork {
  /** Minutes inside the month (an entry running past midnight at month end counts in each month). */
  readonly minutes: number;
  /** Patients with at least one minute from this staff member. */
  readonly patients: number;
  /** Minutes by the role the staff member logged them under. */
  readonly roles: Readonly<Record<string, number>>;
  /** Minutes by activity. */
  readonly activities: Readonly<Record<string, number>>;
}

/** A practice's month of team work: time by staff member, contacts by channel and outcome. */
export interface TeamMonthDocument {
  readonly practiceId: string;
  readonly month: string;
  readonly staff: Readonly<Record<string, StaffWork>>;
  readonly contacts: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

type Counts = Record<string, number>;

const add = (counts: Counts, key: string, by: number): void => {
  counts[key] = (counts[key] ?? 0) + by;
};

/** One patient-month's part of the practice's team month: active time entries and recorded contacts. */
export function teamPartOf(
  document: Pick<PatientMonthDocument, 'month' | 'timeEntries' | 'contacts'>,
): Omit<TeamMonthDocument, 'practiceId'> {
  const staff: Record<string, { minutes: number; patients: number; roles: Counts; activities: Counts }> = {};
  for (const entry of document.timeEntries) {
    if (entry.status !== 'active') continue;
    const minutes = minutesInMonth(entry.serviceDate, entry.startTime, entry.minutes, document.month);
    if (minutes === 0) continue;
    const work = (staff[entry.performerId] ??= { minutes: 0, patients: 1, roles: {}, activities: {} });
    work.minutes += minutes;
    add(work.roles, entry.performerRole, minutes);
    add(work.activities, entry.activity, minutes);
  }
  const contacts: Record<string, Counts> = {};
  for (const contact of document.contacts) add((contacts[contact.channel] ??= {}), contact.outcome, 1);
  return { month: document.month, staff, contacts };
}

const withoutZeros = (counts: Readonly<Counts>): Counts =>
  Object.fromEntries(
    Object.keys(counts)
      .sort()
      .filter((k) => counts[k] !== 0)
      .map((k) => [k, counts[k]]),
  );

/** Pure: the team month with one patient-month's part added (`sign` 1) or taken away (`sign` -1). */
export function addTeamPart(
  team: TeamMonthDocument,
  part: Omit<TeamMonthDocument, 'practiceId'>,
  sign: 1 | -1,
): TeamMonthDocument {
  const staff: Record<string, StaffWork> = { ...team.staff };
  for (const [staffId, work] of Object.entries(part.staff)) {
    const before = staff[staffId] ?? { minutes: 0, patients: 0, roles: {}, activities: {} };
    const roles: Counts = { ...before.roles };
    const activities: Counts = { ...before.activities };
    for (const [role, minutes] of Object.entries(work.roles)) add(roles, role, sign * minutes);
    for (const [activity, minutes] of Object.entries(work.activities))
      add(activities, activity, sign * minutes);
    staff[staffId] = {
      minutes: before.minutes + sign * work.minutes,
      patients: before.patients + sign * work.patients,
      roles: withoutZeros(roles),
      activities: withoutZeros(activities),
    };
    if (staff[staffId].patients === 0) delete staff[staffId];
  }
  const contacts: Record<string, Counts> = { ...team.contacts };
  for (const [channel, outcomes] of Object.entries(part.contacts)) {
    const counts: Counts = { ...contacts[channel] };
    for (const [outcome, n] of Object.entries(outcomes)) add(counts, outcome, sign * n);
    contacts[channel] = withoutZeros(counts);
    if (Object.keys(contacts[channel]).length === 0) delete contacts[channel];
  }
  const sorted = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((k) => [k, record[k]]),
    );
  return { practiceId: team.practiceId, month: team.month, staff: sorted(staff), contacts: sorted(contacts) };
}

export const isEmptyTeamMonth = (team: TeamMonthDocument): boolean =>
  Object.keys(team.staff).length === 0 && Object.keys(team.contacts).length === 0;

export interface TeamMember extends StaffWork {
  readonly staffId: string;
}

export interface TeamMetrics {
  readonly month: string;
  /** Staff members by minutes, most first (ties by id). */
  readonly staff: readonly TeamMember[];
  readonly contacts: readonly {
    readonly channel: string;
    readonly total: number;
    readonly outcomes: Readonly<Record<string, number>>;
  }[];
  readonly totals: { readonly minutes: number; readonly contacts: number };
}

/** Pure: the answer for one month from the practice's team month (absent: nothing recorded). */
export function teamMetricsFor(document: TeamMonthDocument | undefined, month: string): TeamMetrics {
  const staff = Object.entries(document?.staff ?? {})
    .map(([staffId, work]) => ({ staffId, ...work }))
    .sort((a, b) => b.minutes - a.minutes || a.staffId.localeCompare(b.staffId));
  const contacts = Object.entries(document?.contacts ?? {})
    .map(([channel, outcomes]) => ({
      channel,
      total: Object.values(outcomes).reduce((sum, n) => sum + n, 0),
      outcomes,
    }))
    .sort((a, b) => a.channel.localeCompare(b.channel));
  return {
    month,
    staff,
    contacts,
    totals: {
      minutes: staff.reduce((sum, s) => sum + s.minutes, 0),
      contacts: contacts.reduce((sum, c) => sum + c.total, 0),
    },
  };
}
