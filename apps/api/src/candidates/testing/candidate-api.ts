import { candidateStreamPrefix } from '@ccm/domain';
import { MAX_PAGE_SIZE } from '@ccm/event-store';
import { PRACTICE_ID, type ApiHarness } from '../../testing/api-harness';

type Role = 'admin' | 'care_manager' | 'practitioner' | 'biller' | 'auditor';

/** The candidate routes as a test calls them, and what a refusal must leave as it was. */
export function candidateApi(api: () => ApiHarness) {
  const auth = (role: Role = 'admin', practiceId = PRACTICE_ID) => `Bearer ${api().token(role, practiceId)}`;
  /** Every candidate event of the practice. */
  const candidateEvents = async (practiceId = PRACTICE_ID) => {
    const page = await api().store.readAll({
      maxCount: MAX_PAGE_SIZE,
      filter: { streamPrefixes: [candidateStreamPrefix(practiceId)] },
    });
    return page.events.map((e) => `${e.streamId}@${e.revision}`);
  };
  return {
    auth,
    candidateEvents,
    postFhir: (body: object | string, practiceId = PRACTICE_ID) =>
      api()
        .http.post('/fhir')
        .set('Authorization', auth('admin', practiceId))
        .set('Content-Type', 'application/fhir+json')
        .send(typeof body === 'string' ? body : JSON.stringify(body)),
    postCsv: (text: string) =>
      api()
        .http.post('/candidates/panel.csv')
        .set('Authorization', auth())
        .set('Content-Type', 'text/csv')
        .send(text),
    get: (path: string, practiceId = PRACTICE_ID) =>
      api().http.get(path).set('Authorization', auth('care_manager', practiceId)),
    /** An OperationOutcome's issues as reason code and FHIRPath. */
    issues: (body: { issue?: { expression?: string[]; details?: { coding?: { code: string }[] } }[] }) =>
      (body.issue ?? []).map((i) => ({
        reason: i.details?.coding?.[0]?.code,
        expression: i.expression ?? [],
      })),
    /** Runs requests that must be refused and checks no candidate event was added. */
    async expectNothingRecorded(act: () => Promise<unknown>, practiceId = PRACTICE_ID) {
      const before = await candidateEvents(practiceId);
      await act();
      expect(await candidateEvents(practiceId)).toEqual(before);
    },
  };
}
