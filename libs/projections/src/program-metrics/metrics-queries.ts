import type { Answer, ReadModelReader } from '../queries/read-model-reader';
import { metricsFor, type ProgramMetrics, type ProgramMetricsDocument } from './metrics-contribution';
import { PATIENT_MONTHS, programMetricsKey } from '../patient-months/month-keys';

/** The practice's program metrics for one month. */
export function programMetrics(
  reader: ReadModelReader,
  practiceId: string,
  month: string,
): Promise<Answer<ProgramMetrics>> {
  return reader.answer(PATIENT_MONTHS, async (ref) => {
    const [doc] = await reader.store.getDocuments(ref, [programMetricsKey(practiceId)]);
    return { body: metricsFor(doc ? (JSON.parse(doc.json) as ProgramMetricsDocument) : undefined, month) };
  });
}
