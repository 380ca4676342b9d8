import { practiceAccessStreamId } from '@ccm/domain';
import { readWholeStream } from '@ccm/record';
import { candidateApi } from '../candidates/testing/candidate-api';
import { panelBundle } from '../candidates/testing/panel-fixtures';
import { OTHER_PRACTICE_ID, PRACTICE_ID, startApi, type ApiHarness } from '../testing/api-harness';
import { registerPractices } from '../testing/fixtures';

/** Who may read a candidate, and the access log of every read (docs/eligibility.md). */
describe('candidates: access', () => {
  let api: ApiHarness;
  const { get, postFhir } = candidateApi(() => api);

  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await postFhir(panelBundle()).expect(200);
  });
  afterAll(() => api.close());

  it('logs every read of a candidate, with who, the route and the purpose, before serving it', async () => {
    const reads = async () =>
      (await readWholeStream(api.store, practiceAccessStreamId(PRACTICE_ID))).filter((e) =>
        String(e.data.what).startsWith('GET /candidates'),
      );
    const before = (await reads()).length;
    await get('/candidates/ehr-1001').set('X-Purpose-Of-Use', 'treatment').expect(200);
    await get('/candidates/eligibility?asOf=2026-03-31').expect(200);
    const logged = (await reads()).slice(before).map((e) => e.data);
    expect(logged).toEqual([
      expect.objectContaining({
        what: 'GET /candidates/:id',
        candidateId: 'ehr-1001',
        purpose: 'treatment',
        actorId: 'rn-lopez',
      }),
      expect.objectContaining({ what: 'GET /candidates/eligibility', actorId: 'rn-lopez' }),
    ]);
    expect(logged[1]).not.toHaveProperty('candidateId');
  });

  it('keeps candidates to their practice and their roles', async () => {
    await api.http
      .get('/candidates/csv-1')
      .set('Authorization', `Bearer ${api.token('care_manager', OTHER_PRACTICE_ID)}`)
      .expect(404);
    await api.http
      .get('/candidates/ehr-1001')
      .set('Authorization', `Bearer ${api.token('biller')}`)
      .expect(403);
    await postFhir(panelBundle())
      .set('Authorization', `Bearer ${api.token('auditor')}`)
      .expect(403);
  });
});
