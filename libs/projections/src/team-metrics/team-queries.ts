import { PATIENT_MONTHS, teamMonthKey } from '../patient-months/month-keys';
import type { Answer, ReadModelReader } from '../queries/read-model-reader';
import { teamMetricsFor, type TeamMetrics, type TeamMonthDocument } from './team-month';

/** The practice's team work in one month: time by staff member and activity, contacts by channel. */
export function teamMetrics(
  reader: ReadModelReader,
  practiceId: string,
  month: string,
): Promise<Answer<TeamMetrics>> {
  return reader.answer(PATIENT_MONTHS, async (ref) => {
    const [doc] = await reader.store.getDocuments(ref, [teamMonthKey(practiceId, month)]);
    return { body: teamMetricsFor(doc ? (JSON.parse(doc.json) as TeamMonthDocument) : undefined, month) };
  });
}
