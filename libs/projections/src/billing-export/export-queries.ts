import { billingLinePhases } from '../billable-months/billing-queries';
import type { BillingLine } from '../billable-months/billing-line';
import { PATIENT_MONTHS } from '../patient-months/month-keys';
import type { Answer, ReadModelReader } from '../queries/read-model-reader';
import type { DateOfService } from './claim-fields';
import { exportRowOfLine, type ExportRow } from './export-rows';

/**
 * Every line of a month as export rows, read page by page from one version of the read model, so a
 * rebuild switching versions midway cannot mix two of them.
 */
export function billingExport(
  reader: ReadModelReader,
  practiceId: string,
  month: string,
  dateOfService: DateOfService,
): Promise<Answer<ExportRow[]>> {
  return reader.answer(PATIENT_MONTHS, async (ref) => {
    const lines = await reader.everyItem(ref, await billingLinePhases(reader, ref, practiceId, month, 'all'));
    return { body: lines.map((json) => exportRowOfLine(JSON.parse(json) as BillingLine, dateOfService)) };
  });
}
