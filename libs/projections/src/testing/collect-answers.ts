import type { EventStore } from '@ccm/event-store';
import { jsonPageText, ReadModelQueries } from '../queries/read-model-queries';
import type { ReadModelStore } from '../read-model-store';
import { EnrolmentFunnelQueries } from '../enrolment-funnel/funnel-queries';

/**
 * Every read the api offers, over a set of patients and months, walked page by page with small pages,
 * as JSON text: two stores holding the same events must give the same text.
 */
export async function collectAnswers(
  store: ReadModelStore,
  events: EventStore,
  input: { practices: Record<string, readonly string[]>; months: readonly string[]; now: Date },
): Promise<Record<string, string>> {
  const queries = new ReadModelQueries(store, events);
  const funnel = new EnrolmentFunnelQueries(store);
  const answers: Record<string, string> = {};
  const walk = async <T>(
    key: string,
    read: (cursor: string | undefined) => Promise<{ nextCursor: string | null } & T>,
  ) => {
    const pages: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await read(cursor);
      pages.push(page);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    answers[key] = JSON.stringify(pages);
  };
  for (const [practiceId, patients] of Object.entries(input.practices)) {
    for (const patientId of [...patients, 'nobody']) {
      await walk(`${practiceId}/${patientId}/timeline`, async (cursor) => {
        const found = await queries.timeline(practiceId, patientId, { limit: 4, cursor });
        return found.found ? found.answer.body : { nextCursor: null, missing: found.missing };
      });
      await walk(`${practiceId}/${patientId}/audit`, async (cursor) => {
        const found = await queries.auditTrail(practiceId, patientId, { limit: 5, cursor });
        return found.found ? found.answer.body : { nextCursor: null, missing: found.missing };
      });
      for (const month of input.months) {
        const found = await queries.patientMonth(practiceId, patientId, month, input.now);
        answers[`${practiceId}/${patientId}/${month}`] = JSON.stringify(
          found.found ? found.answer.body : found.missing,
        );
      }
    }
    for (const month of input.months) {
      for (const status of ['billable', 'not-billable', 'all'] as const) {
        // The text the api sends, not a parse of it: the pages' texts make the same array JSON.stringify would.
        const pages: string[] = [];
        let cursor: string | undefined;
        do {
          const page = (await queries.billingMonthJson(practiceId, month, status, { limit: 1, cursor })).body;
          pages.push(jsonPageText(page));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        answers[`${practiceId}/billing/${month}/${status}`] = `[${pages.join(',')}]`;
      }
      answers[`${practiceId}/metrics/${month}`] = JSON.stringify(
        (await queries.programMetrics(practiceId, month)).body,
      );
      answers[`${practiceId}/team/${month}`] = JSON.stringify(
        (await queries.teamMetrics(practiceId, month)).body,
      );
      answers[`${practiceId}/funnel/${month}`] = JSON.stringify(
        (await funnel.funnel(practiceId, month)).body,
      );
      answers[`${practiceId}/export/${month}`] = JSON.stringify(
        (await queries.billingExport(practiceId, month, 'threshold')).body,
      );
    }
    await walk(
      `${practiceId}/worklist`,
      async (cursor) => (await queries.worklist(practiceId, input.now, { limit: 1, cursor })).body,
    );
  }
  return answers;
}
