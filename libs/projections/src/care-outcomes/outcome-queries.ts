import { localDateTimeAt } from '@ccm/domain';
import type { Answer, ReadModelReader } from '../queries/read-model-reader';
import { CARE_OUTCOMES, OUTCOME_COLLECTION, OUTCOME_LIST } from './care-outcomes.projection';
import { outcomeMetricsFor, type OutcomeMetrics } from './outcome-metrics';
import type { OutcomeRecord } from './outcome-record';

/** The practice's outcome figures for a month, from every patient's outcome record (one version read). */
export function outcomeMetrics(
  reader: ReadModelReader,
  practiceId: string,
  month: string,
  now: Date,
): Promise<Answer<OutcomeMetrics>> {
  return reader.answer(CARE_OUTCOMES, async (ref) => {
    const phases = [
      {
        query: { practiceId, collection: OUTCOME_COLLECTION, list: OUTCOME_LIST },
        map: (doc: { json: string }) => JSON.parse(doc.json) as OutcomeRecord,
      },
    ];
    const records: OutcomeRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await reader.pagePhases(ref, phases, { limit: 1000, cursor });
      records.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    const timeZone = records[0]?.timeZone ?? 'UTC';
    return { body: outcomeMetricsFor(records, month, localDateTimeAt(now, timeZone).slice(0, 10)) };
  });
}
