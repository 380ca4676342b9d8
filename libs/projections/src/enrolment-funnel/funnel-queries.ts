import { comparePositions, parsePosition } from '@ccm/event-store';
import { layoutOf } from '../all-projections';
import { contributionKey, PATIENT_MONTHS } from '../patient-months/month-keys';
import type { MetricsContribution } from '../program-metrics/metrics-contribution';
import { ReadModelReader, type Answer, type ReadModelQueriesOptions } from '../queries/read-model-reader';
import type { ReadModelStore } from '../read-model-store';
import { ENROLMENT_FUNNEL, FUNNEL_COLLECTIONS, FUNNEL_LIST } from './enrolment-funnel.projection';
import type { FunnelMonth } from './funnel-figures';
import { consentDatesOf, type CandidateFunnelRecord, type PatientFunnelRecord } from './funnel-record';
import { funnelTrendFor } from './funnel';

/** Contributions asked for in one round trip at most. */
const CONTRIBUTIONS_PER_READ = 500;

/** The older of two read-model positions: the answer is at least as fresh as that. */
function olderPosition(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return null;
  return comparePositions(parsePosition(a), parsePosition(b)) <= 0 ? a : b;
}

/**
 * The practice's enrolment funnel. Records come from the funnel's read model; whether a patient-month is
 * billable is not worked out again here but read from the patient-months read model, from each consented
 * patient's metrics contribution (one small document per patient holding every month's billable flag),
 * rather than from billing lines, which would mean one list read per month of the program.
 */
export class EnrolmentFunnelQueries {
  private readonly reader: ReadModelReader;

  constructor(store: ReadModelStore, options: ReadModelQueriesOptions = {}) {
    this.reader = new ReadModelReader(store, { layoutOf, ...options });
  }

  /** The funnel of each month asked (oldest first as given), from one read of the practice's records. */
  async funnelTrend(practiceId: string, months: readonly string[]): Promise<Answer<FunnelMonth[]>> {
    const records = await this.reader.answer(ENROLMENT_FUNNEL, async (ref) => {
      const listOf = <T>(collection: string) =>
        this.reader.everyItem(ref, [
          {
            query: { practiceId, collection, list: FUNNEL_LIST },
            map: (doc) => JSON.parse(doc.json) as T,
          },
        ]);
      const candidates = await listOf<CandidateFunnelRecord>(FUNNEL_COLLECTIONS.candidate);
      const patients = await listOf<PatientFunnelRecord>(FUNNEL_COLLECTIONS.patient);
      return { body: { candidates, patients } };
    });
    const consented = records.body.patients
      .filter((p) => consentDatesOf(p).consentedOn !== null)
      .map((p) => p.patientId);
    const billable = await this.firstBillableMonths(practiceId, consented);
    return {
      body: funnelTrendFor({ ...records.body, firstBillableMonths: billable.body }, months),
      position: olderPosition(records.position, billable.position),
    };
  }

  async funnel(practiceId: string, month: string): Promise<Answer<FunnelMonth>> {
    const { body, position } = await this.funnelTrend(practiceId, [month]);
    return { body: body[0], position };
  }

  private firstBillableMonths(
    practiceId: string,
    patientIds: readonly string[],
  ): Promise<Answer<Record<string, string>>> {
    return this.reader.answer(PATIENT_MONTHS, async (ref) => {
      const first: Record<string, string> = {};
      for (let i = 0; i < patientIds.length; i += CONTRIBUTIONS_PER_READ) {
        const ids = patientIds.slice(i, i + CONTRIBUTIONS_PER_READ);
        const docs = await this.reader.store.getDocuments(
          ref,
          ids.map((id) => contributionKey(practiceId, id)),
        );
        docs.forEach((doc, index) => {
          if (!doc) return;
          const { months } = JSON.parse(doc.json) as MetricsContribution;
          const month = Object.keys(months)
            .filter((m) => months[m].billable > 0)
            .sort()[0];
          if (month !== undefined) first[ids[index]] = month;
        });
      }
      return { body: first };
    });
  }
}
