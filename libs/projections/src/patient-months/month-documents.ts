import {
  storedMonthOf,
  type PatientLedger,
  type PatientMonthDocument,
  type PracticeSnapshot,
  type StoredPatientMonth,
} from '@ccm/patient-months';
import { billingLineOf, billingListsOf } from '../billable-months/billing-line';
import { estimatedAllowedCents } from '../billing-export/claim-fields';
import type { DocumentSession } from '../engine/document-session';
import {
  addContribution,
  contributionOf,
  type MetricsContribution,
  type ProgramMetricsDocument,
} from '../program-metrics/metrics-contribution';
import { WORKLIST_LIST, worklistEntryOf, worklistSortKey } from '../worklist/worklist-entry';
import {
  billingLineKey,
  contributionKey,
  LAST_MONTH_LIST,
  ledgerKey,
  monthKey,
  programMetricsKey,
  teamMonthKey,
  worklistEntryKey,
} from './month-keys';
import {
  addTeamPart,
  isEmptyTeamMonth,
  teamPartOf,
  type TeamMonthDocument,
} from '../team-metrics/team-month';

/** A patient's months derived again in one batch, and the ledger they were derived from. */
export interface DerivedMonths {
  readonly practiceId: string;
  readonly patientId: string;
  readonly ledger: PatientLedger;
  readonly months: readonly PatientMonthDocument[];
  /** The practice they were derived with. */
  readonly practice: PracticeSnapshot | undefined;
  /** Each derived month as stored before (absent: new), so its part of the team month can be taken away. */
  readonly replaced: ReadonlyMap<string, StoredPatientMonth | undefined>;
}

/**
 * Everything a patient's changed months make: the months and their billing lines, the ledger, the
 * worklist entry of the latest month, and the patient's part of the practice's metrics.
 */
export async function writeMonthDocuments(derived: DerivedMonths, session: DocumentSession): Promise<void> {
  const { practiceId, patientId, ledger, months, practice } = derived;
  for (const document of months) {
    session.put(monthKey(practiceId, patientId, document.month), storedMonthOf(document, practice));
    const line = billingLineOf(document);
    session.put(billingLineKey(practiceId, patientId, document.month), line, billingListsOf(line));
  }
  session.put(ledgerKey(practiceId, patientId), ledger, [
    { list: LAST_MONTH_LIST, sortKey: ledger.months[ledger.months.length - 1] },
  ]);
  writeWorklistEntry(derived, session);
  await writeMetrics(derived, session);
  await writeTeamMonths(derived, session);
}

function writeWorklistEntry(
  { practiceId, patientId, ledger, months }: DerivedMonths,
  session: DocumentSession,
) {
  const latest = months.find((m) => m.month === ledger.months[ledger.months.length - 1]);
  if (!latest) return;
  const key = worklistEntryKey(practiceId, patientId);
  const entry = worklistEntryOf(latest);
  if (entry) session.put(key, entry, [{ list: WORKLIST_LIST, sortKey: worklistSortKey(entry) }]);
  else session.delete(key);
}

async function writeMetrics(
  { practiceId, patientId, ledger, months }: DerivedMonths,
  session: DocumentSession,
) {
  const key = contributionKey(practiceId, patientId);
  const previous = await session.get<MetricsContribution>(key);
  const next = contributionOf(
    ledger,
    previous,
    months.map((m) => ({
      month: m.month,
      summary: m.summary,
      billedCents: estimatedAllowedCents(m.month, m.billing.status, m.billing.decision?.codes ?? []),
    })),
  );
  const practiceMetrics = programMetricsKey(practiceId);
  let document: ProgramMetricsDocument = (await session.get<ProgramMetricsDocument>(practiceMetrics)) ?? {
    practiceId,
    changes: {},
    months: {},
  };
  if (previous) document = addContribution(document, previous, -1);
  document = addContribution(document, next, 1);
  session.put(key, next);
  session.put(practiceMetrics, document);
}

async function writeTeamMonths({ practiceId, months, replaced }: DerivedMonths, session: DocumentSession) {
  for (const document of months) {
    const key = teamMonthKey(practiceId, document.month);
    let team = (await session.get<TeamMonthDocument>(key)) ?? {
      practiceId,
      month: document.month,
      staff: {},
      contacts: {},
    };
    const before = replaced.get(document.month);
    if (before) team = addTeamPart(team, teamPartOf(before), -1);
    team = addTeamPart(team, teamPartOf(document), 1);
    if (isEmptyTeamMonth(team)) session.delete(key);
    else session.put(key, team);
  }
}
