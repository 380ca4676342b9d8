import type { AfterHoursArrangement, LocalDate } from '@ccm/domain';
import { firstDayOf, lastDayOf } from './calendar';
import type { PatientEventEnvelope, PracticeEventEnvelope } from './events/decode';

/**
 * Continuity and 24/7 access over a month, as pure functions: who the patient's designated care-team
 * member was, and whether after-hours access with the record was arranged for every day of it.
 */

/** A designation as the ledger keeps it (recording order). */
export interface LedgerDesignation {
  readonly memberId: string;
  readonly from: string | null;
  readonly effectiveOn: LocalDate;
  readonly recordedBy: string;
  readonly revision: number;
}

/** An after-hours access change as the practice snapshot keeps it (recording order). */
export interface SnapshotAfterHoursRecord {
  readonly changeId: string;
  readonly effectiveOn: LocalDate;
  /** Null from an end on. */
  readonly arrangement: AfterHoursArrangement | null;
  readonly recordedBy: string;
  readonly revision: number;
}

export interface MonthDesignation {
  /** Designated on the month's last day (null when none yet). */
  readonly asOfMonthEnd: { readonly memberId: string; readonly effectiveOn: LocalDate } | null;
  /** Designations taking effect inside the month, in effective order. */
  readonly changesInMonth: readonly LedgerDesignation[];
}

export interface MonthAfterHoursPeriod {
  /** Days of the month this period covers, both included. */
  readonly from: LocalDate;
  readonly until: LocalDate;
  /** Null: no after-hours access arranged on these days. */
  readonly arrangement: AfterHoursArrangement | null;
  /** The change that put it in force (null before any was recorded). */
  readonly changeId: string | null;
}

export interface MonthAfterHoursAccess {
  /** Every day of the month had an arrangement whose coverer can see the patient's record. */
  readonly withRecordAccessWholeMonth: boolean;
  readonly periods: readonly MonthAfterHoursPeriod[];
}

/** Pure: the ledger's designations after one event, or undefined when the event is not a designation. */
export function evolveDesignations(
  designations: readonly LedgerDesignation[] | undefined,
  envelope: PatientEventEnvelope,
): readonly LedgerDesignation[] | undefined {
  const { event } = envelope;
  if (event.type !== 'DesignatedCareTeamMemberAssigned' && event.type !== 'DesignatedCareTeamMemberChanged')
    return undefined;
  const designation: LedgerDesignation = {
    memberId: event.data.memberId,
    from: event.type === 'DesignatedCareTeamMemberChanged' ? event.data.from : null,
    effectiveOn: event.data.effectiveOn,
    recordedBy: event.data.recordedBy,
    revision: envelope.revision,
  };
  return [...(designations ?? []), designation];
}

/** Pure: the snapshot's after-hours records after one practice event, undefined for other events. */
export function evolveAfterHoursRecords(
  records: readonly SnapshotAfterHoursRecord[] | undefined,
  envelope: PracticeEventEnvelope,
): readonly SnapshotAfterHoursRecord[] | undefined {
  const { event } = envelope;
  switch (event.type) {
    case 'AfterHoursAccessArranged':
    case 'AfterHoursAccessChanged':
    case 'AfterHoursAccessEnded': {
      const d = event.data;
      const arrangement =
        event.type === 'AfterHoursAccessEnded'
          ? null
          : {
              coveredBy: event.data.coveredBy,
              means: event.data.means,
              recordAccess: event.data.recordAccess,
            };
      const record = {
        changeId: d.changeId,
        effectiveOn: d.effectiveOn,
        arrangement,
        recordedBy: d.recordedBy,
        revision: envelope.revision,
      };
      return [...(records ?? []), record];
    }
    default:
      return undefined;
  }
}

/** Latest effective on or before the date; of one day, recorded last (recording order = list order). */
function effectiveOn<T extends { readonly effectiveOn: LocalDate }>(list: readonly T[], date: LocalDate) {
  let found: T | undefined;
  for (const item of list) {
    if (item.effectiveOn <= date && (found === undefined || item.effectiveOn >= found.effectiveOn))
      found = item;
  }
  return found;
}

export function designationForMonth(
  designations: readonly LedgerDesignation[] | undefined,
  month: string,
): MonthDesignation {
  const list = designations ?? [];
  const end = effectiveOn(list, lastDayOf(month));
  const inMonth = list.filter((d) => d.effectiveOn.slice(0, 7) === month);
  // Of several effective the same day, only the one recorded last took effect.
  const effective = inMonth.filter((d) => effectiveOn(list, d.effectiveOn) === d);
  return {
    asOfMonthEnd: end ? { memberId: end.memberId, effectiveOn: end.effectiveOn } : null,
    changesInMonth: effective.sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn)),
  };
}

const dayBefore = (date: LocalDate): LocalDate =>
  new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10) - 1))
    .toISOString()
    .slice(0, 10);

export function afterHoursAccessForMonth(
  records: readonly SnapshotAfterHoursRecord[] | undefined,
  month: string,
): MonthAfterHoursAccess {
  const list = records ?? [];
  const first = firstDayOf(month);
  const last = lastDayOf(month);
  const starts = [
    first,
    ...new Set(list.map((r) => r.effectiveOn).filter((d) => d > first && d <= last)),
  ].sort();
  const periods = starts.map((from, i): MonthAfterHoursPeriod => {
    const record = effectiveOn(list, from);
    return {
      from,
      until: i + 1 < starts.length ? dayBefore(starts[i + 1]) : last,
      arrangement: record?.arrangement ?? null,
      changeId: record?.changeId ?? null,
    };
  });
  // Consecutive days under the same change are one period.
  const merged = periods.reduce<MonthAfterHoursPeriod[]>((out, p) => {
    const previous = out[out.length - 1];
    if (previous && previous.changeId === p.changeId) out[out.length - 1] = { ...previous, until: p.until };
    else out.push(p);
    return out;
  }, []);
  return {
    withRecordAccessWholeMonth: merged.every((p) => p.arrangement?.recordAccess === true),
    periods: merged,
  };
}
