import { compactMonth } from '../billable-months/compact-month';
import { PatientMonthsEngine } from '../billable-months/patient-months-engine';
import { documentKey } from '../engine/keys';
import type { Projection } from '../engine/projection';
import {
  addContribution,
  contributionOf,
  type MetricsContribution,
  type ProgramMetricsDocument,
} from './metrics-contribution';

export const PROGRAM_METRICS = 'program-metrics';
export const PROGRAM_METRICS_COLLECTIONS = {
  practice: 'metrics',
  contribution: 'contribution',
  month: 'month-activity',
} as const;
export const programMetricsKey = (practiceId: string) =>
  documentKey(practiceId, PROGRAM_METRICS_COLLECTIONS.practice, 'program');

/** Per practice and month: enrolled, consented, active, minutes distribution, share reaching each threshold. */
export const programMetricsProjection: Projection = new PatientMonthsEngine({
  name: PROGRAM_METRICS,
  monthCollection: PROGRAM_METRICS_COLLECTIONS.month,
  storedForm: compactMonth,
  async onUpdate(update, session) {
    const contributionKey = documentKey(
      update.practiceId,
      PROGRAM_METRICS_COLLECTIONS.contribution,
      update.patientId,
    );
    const previous = await session.get<MetricsContribution>(contributionKey);
    const next = contributionOf(
      update.ledger,
      previous,
      update.months.map((m) => ({ month: m.month, summary: m.document.summary })),
    );
    const practiceKey = programMetricsKey(update.practiceId);
    let document: ProgramMetricsDocument = (await session.get<ProgramMetricsDocument>(practiceKey)) ?? {
      practiceId: update.practiceId,
      changes: {},
      months: {},
    };
    if (previous) document = addContribution(document, previous, -1);
    document = addContribution(document, next, 1);
    session.put(contributionKey, next);
    session.put(practiceKey, document);
  },
});
