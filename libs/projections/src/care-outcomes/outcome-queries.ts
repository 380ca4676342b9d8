import { localDateTimeAt } from '@ccm/domain';
import type { Answer, ReadModelReader } from '../queries/read-model-reader';
import { CARE_OUTCOMES, OUTCOME_COLLECTION, OUTCOME_LIST } from './care-outcomes.projection';
import { outcomeTrendFor, type OutcomeMetrics } from './outcome-metrics';
import type { OutcomeRecord } from './outcome-record';

/**
 * The practice's outcome figures for each month asked, from every patient's outcome record, read once
 * for all of them: a trend of 12 months costs one read, not 12.
 */
export function outcomeTrend(
  reader: ReadModelReader,
  practiceId: string,
  months: readonly string[],
  now: Date,
): Promise<Answer<OutcomeMetrics[]>> {
  return reader.answer(CARE_OUTCOMES, async (ref) => {
    const records = await reader.everyItem(ref, [
      {
        query: { practiceId, collection: OUTCOME_COLLECTION, list: OUTCOME_LIST },
        map: (doc) => JSON.parse(doc.json) as OutcomeRecord,
      },
    ]);
    const timeZone = records[0]?.timeZone ?? 'UTC';
    return { body: outcomeTrendFor(records, months, localDateTimeAt(now, timeZone).slice(0, 10)) };
  });
}

/** One month's figures. */
export async function outcomeMetrics(
  reader: ReadModelReader,
  practiceId: string,
  month: string,
  now: Date,
): Promise<Answer<OutcomeMetrics>> {
  const { body, position } = await outcomeTrend(reader, practiceId, [month], now);
  return { body: body[0], position };
}
