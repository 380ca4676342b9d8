import {
  medicationListAsOf,
  type AdherenceCheck,
  type ListedMedication,
  type LocalDate,
  type PatientEvent,
} from '@ccm/domain';
import type { RecordedEvent } from '@ccm/event-store';
import { lastDayOf } from '@ccm/patient-months';
import { toPatientEvent } from '@ccm/record';
import { esc, facts, orNone, section, table, yesNo } from './html-parts';

/** A reconciliation as evidence: what was done, by whom, and whether what it found was settled. */
export interface ReconciliationEvidence {
  readonly reconciliationId: string;
  readonly reconciledOn: LocalDate;
  readonly source: string;
  /** Roster id of who reconciled the list. */
  readonly reconciledBy: string;
  readonly interactionsReviewed: boolean;
  readonly changes: number;
  readonly discrepancies: number;
  readonly unresolvedDiscrepancies: number;
  /** Every discrepancy found was resolved (true when none was found). */
  readonly resolved: boolean;
  readonly recordedBy: string;
  /** Revision of the event on the patient's stream. */
  readonly revision: number;
}

export interface AdherenceCheckEvidence {
  readonly checkId: string;
  /** Null: overall adherence, not one medication's. */
  readonly medicationId: string | null;
  readonly checkedOn: LocalDate;
  readonly method: AdherenceCheck['method'];
  readonly measure: AdherenceCheck['measure'];
  /** A measured proportion (0..1); null for a report. */
  readonly value: number | null;
  readonly finding: AdherenceCheck['finding'];
  readonly recordedBy: string;
  readonly revision: number;
}

/**
 * Medication management in the month (the program guide): the list as it stood at the month's end, the
 * reconciliations done in the month and the adherence checks. A reconciliation's discrepancies are
 * counted, not quoted.
 */
export interface MedicationEvidence {
  readonly asOfMonthEnd: LocalDate;
  /** Medications started by the month's end, stopped ones with their dates, changes effective by then applied. */
  readonly list: readonly ListedMedication[];
  readonly reconciliationsInMonth: readonly ReconciliationEvidence[];
  readonly adherenceChecksInMonth: readonly AdherenceCheckEvidence[];
}

export function medicationEvidence(
  patientEvents: readonly RecordedEvent[],
  month: string,
): MedicationEvidence {
  const events: PatientEvent[] = [];
  const revisions = new Map<string, number>();
  for (const recorded of patientEvents) {
    const event = toPatientEvent(recorded);
    if (!event) continue;
    events.push(event);
    if (event.type === 'MedicationsReconciled')
      revisions.set(`rec:${event.data.reconciliationId}`, Number(recorded.revision));
    if (event.type === 'AdherenceChecked')
      revisions.set(`adh:${event.data.checkId}`, Number(recorded.revision));
  }
  const list = medicationListAsOf(events, lastDayOf(month));
  const inMonth = (date: LocalDate) => date.slice(0, 7) === month;
  return {
    asOfMonthEnd: list.asOf,
    list: list.medications,
    reconciliationsInMonth: list.reconciliations
      .filter((r) => inMonth(r.reconciledOn))
      .map((r) => {
        const unresolved = r.discrepancies.filter((d) => !d.resolved).length;
        return {
          reconciliationId: r.reconciliationId,
          reconciledOn: r.reconciledOn,
          source: r.source,
          reconciledBy: r.reconciledBy,
          interactionsReviewed: r.interactionsReviewed,
          changes: r.changes.length,
          discrepancies: r.discrepancies.length,
          unresolvedDiscrepancies: unresolved,
          resolved: unresolved === 0,
          recordedBy: r.recordedBy,
          revision: revisions.get(`rec:${r.reconciliationId}`) ?? -1,
        };
      }),
    adherenceChecksInMonth: list.adherenceChecks
      .filter((c) => inMonth(c.checkedOn))
      .map((c) => ({
        checkId: c.checkId,
        medicationId: c.medicationId,
        checkedOn: c.checkedOn,
        method: c.method,
        measure: c.measure,
        value: c.value ?? null,
        finding: c.finding,
        recordedBy: c.recordedBy,
        revision: revisions.get(`adh:${c.checkId}`) ?? -1,
      })),
  };
}

const words = (snake: string): string => snake.replace(/_/g, ' ');

export function renderMedications(e: MedicationEvidence): string {
  const names = new Map(e.list.map((m) => [m.medicationId, m.name]));
  return section(
    'medications',
    'Medications',
    facts([
      ['Medication list as of', esc(e.asOfMonthEnd)],
      ['Active at month end', esc(e.list.filter((m) => m.status === 'active').length)],
      ['Reconciliations in the month', esc(e.reconciliationsInMonth.length)],
    ]) +
      `<h3>Medication list at month end</h3>${table(
        ['Medication', 'Dose', 'Route', 'Frequency', 'Prescriber', 'Started', 'Status', 'Changes'],
        e.list.map((m) => [
          esc(m.name),
          esc(m.dose),
          esc(m.route),
          esc(m.frequency),
          esc(m.prescriber),
          esc(m.startedOn),
          m.status === 'active' ? 'active' : esc(`stopped ${m.stoppedOn ?? ''}`),
          m.changes.length === 0
            ? '—'
            : esc(m.changes.map((c) => `${c.changedOn}: ${c.fields.join(', ')}`).join('; ')),
        ]),
        'No medication on the list.',
      )}` +
      `<h3>Reconciliations in the month</h3>${table(
        [
          'Date',
          'Source',
          'Reconciled by',
          'Interactions reviewed',
          'Changes',
          'Discrepancies',
          'Resolved',
          'Revision',
        ],
        e.reconciliationsInMonth.map((r) => [
          esc(r.reconciledOn),
          esc(words(r.source)),
          esc(r.reconciledBy),
          yesNo(r.interactionsReviewed),
          esc(r.changes),
          esc(r.discrepancies),
          r.resolved ? 'yes' : `<strong class="bad">${esc(r.unresolvedDiscrepancies)} unresolved</strong>`,
          esc(r.revision),
        ]),
        'No reconciliation in the month.',
      )}` +
      `<h3>Adherence checks in the month</h3>${table(
        ['Date', 'Medication', 'Method', 'Measure', 'Value', 'Finding', 'Recorded by'],
        e.adherenceChecksInMonth.map((c) => [
          esc(c.checkedOn),
          c.medicationId === null ? 'overall' : esc(names.get(c.medicationId) ?? c.medicationId),
          esc(c.method),
          esc(words(c.measure)),
          orNone(c.value),
          esc(words(c.finding)),
          esc(c.recordedBy),
        ]),
        'No adherence check in the month.',
      )}`,
  );
}
