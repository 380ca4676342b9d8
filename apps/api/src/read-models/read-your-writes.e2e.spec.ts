/**
 * Read-your-writes: a client that sends back its command's X-CCM-Position is answered only from read
 * models that include that write, or told (503) that they do not yet.
 */
import { enrolledPatient, registerPractices, timeEntryBody } from '../testing/fixtures';
import { startReadApi, type ReadApiHarness } from './testing/read-api-harness';

describe('read-your-writes with X-CCM-Min-Position', () => {
  let api: ReadApiHarness;
  const waitBefore = process.env.CCM_READ_WAIT_MS;

  beforeAll(async () => {
    process.env.CCM_READ_WAIT_MS = '300';
    api = await startReadApi();
    await registerPractices(api);
    await enrolledPatient(api, 'pt-ryw');
    await api.caughtUp();
  });
  afterAll(async () => {
    await api?.close();
    if (waitBefore === undefined) delete process.env.CCM_READ_WAIT_MS;
    else process.env.CCM_READ_WAIT_MS = waitBefore;
  });

  const logTime = async (entryId: string) => {
    const res = await api.http
      .post('/patients/pt-ryw/time-entries')
      .set('Authorization', `Bearer ${api.token('care_manager')}`)
      .send(timeEntryBody(entryId, { minutes: 7 }))
      .expect(201);
    const position = res.headers['x-ccm-position'];
    expect(position).toMatch(/^\d+\/\d+$/);
    return { position: position as string, revision: Number(JSON.parse(res.headers.etag as string)) };
  };

  it('answers at once with the write included, whatever the projector was doing', async () => {
    for (const entryId of ['r1', 'r2', 'r3']) {
      const { position, revision } = await logTime(entryId);
      const month = await api
        .get('/patients/pt-ryw/months/2026-03')
        .set('X-CCM-Min-Position', position)
        .expect(200);
      expect(month.body.timeEntries.map((e: { entryId: string }) => e.entryId)).toContain(entryId);
      const timeline = await api
        .get('/patients/pt-ryw/timeline?limit=100')
        .set('X-CCM-Min-Position', position)
        .expect(200);
      expect(timeline.body.items.map((e: { revision: number }) => e.revision)).toContain(revision);
    }
  });

  it('refuses a malformed position (400) and names the header', async () => {
    const res = await api.get('/patients/pt-ryw/timeline').set('X-CCM-Min-Position', 'yesterday').expect(400);
    expect(res.body.fields).toEqual([
      { field: 'X-CCM-Min-Position', errors: ['must be a position this api returned (X-CCM-Position)'] },
    ]);
  });

  it('says 503 READ_MODEL_BEHIND when the read models do not catch up in time', async () => {
    await api.stopProjector();
    const { position } = await logTime('late');
    const behind = await api
      .get('/patients/pt-ryw/months/2026-03')
      .set('X-CCM-Min-Position', position)
      .expect(503);
    expect(behind.body.reason).toBe('READ_MODEL_BEHIND');
    // Without the header the (stale) read model still answers, as before.
    const stale = await api.get('/patients/pt-ryw/months/2026-03').expect(200);
    expect(stale.body.timeEntries.map((e: { entryId: string }) => e.entryId)).not.toContain('late');
  });
});
