import { patientAccessStreamId, practiceAccessStreamId } from '@ccm/audit';
import { startApi, type ApiHarness } from '../testing/api-harness';
import { enrolledPatient, registerPractices } from '../testing/fixtures';

describe('access log: every read of a patient’s record is attributable', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await enrolledPatient(api, 'pt-a', { carePlan: true });
  });
  afterAll(() => api.close());

  const accessEvents = async (streamId: string) => api.store.readStream(streamId, { maxCount: 4096 });

  it('logs every GET route of a patient’s record, enumerated from the OpenAPI document', async () => {
    const docs = await api.http.get('/docs/json').expect(200);
    const patientReads = Object.entries(docs.body.paths as Record<string, Record<string, unknown>>)
      .filter(([path, methods]) => path.startsWith('/patients/{id}') && 'get' in methods)
      .map(([path]) => path);
    expect(patientReads).toContain('/patients/{id}');
    const unlogged: string[] = [];
    for (const path of patientReads) {
      const before = (await accessEvents(patientAccessStreamId('riverside', 'pt-a'))).length;
      const url = path
        .replace('{id}', 'pt-a')
        .replace('{yyyy-mm}', '2026-03')
        .replace(/\{[^}]+\}/g, 'x');
      await api.http
        .get(url)
        .set('Authorization', `Bearer ${api.token('auditor')}`)
        .set('X-Purpose-Of-Use', 'audit');
      const after = await accessEvents(patientAccessStreamId('riverside', 'pt-a'));
      if (after.length !== before + 1) unlogged.push(path);
    }
    expect(unlogged).toEqual([]);
  });

  it('records who, role, practice, what, when and why, without the values of the request', async () => {
    await api.http
      .get('/patients/pt-a')
      .set('Authorization', `Bearer ${api.token('biller')}`)
      .set('X-Purpose-Of-Use', 'payment')
      .expect(200);
    const [last] = (await accessEvents(patientAccessStreamId('riverside', 'pt-a'))).slice(-1);
    expect(last.type).toBe('PatientRecordAccessed');
    expect(last.data).toMatchObject({
      patientId: 'pt-a',
      actorId: 'biller-user',
      role: 'biller',
      practiceId: 'riverside',
      what: 'GET /patients/:id',
      purpose: 'payment',
      channel: 'api',
      accessedAt: '2026-03-31T17:00:00.000Z',
    });
    expect(last.metadata).toMatchObject({ actorId: 'biller-user', actorRole: 'biller' });
  });

  it('logs reads by auditors too, and reads without a stated purpose as unspecified', async () => {
    await api.http
      .get('/patients/pt-a')
      .set('Authorization', `Bearer ${api.token('auditor')}`)
      .expect(200);
    const [last] = (await accessEvents(patientAccessStreamId('riverside', 'pt-a'))).slice(-1);
    expect(last.data).toMatchObject({ role: 'auditor', purpose: 'unspecified' });
  });

  it('refuses an unknown purpose with 400 and logs nothing', async () => {
    const before = (await accessEvents(patientAccessStreamId('riverside', 'pt-a'))).length;
    const res = await api.http
      .get('/patients/pt-a')
      .set('Authorization', `Bearer ${api.token('auditor')}`)
      .set('X-Purpose-Of-Use', 'curiosity')
      .expect(400);
    expect(res.body.fields[0].field).toBe('X-Purpose-Of-Use');
    expect(await accessEvents(patientAccessStreamId('riverside', 'pt-a'))).toHaveLength(before);
  });

  it('logs a read that finds nothing (someone looked), and practice-wide reads in the practice stream', async () => {
    await api.http
      .get('/patients/pt-unknown')
      .set('Authorization', `Bearer ${api.token('auditor')}`)
      .expect(404);
    expect(await accessEvents(patientAccessStreamId('riverside', 'pt-unknown'))).toHaveLength(1);
    await api.http
      .get('/practices/riverside')
      .set('Authorization', `Bearer ${api.token('auditor')}`)
      .expect(200);
    const practiceReads = await accessEvents(practiceAccessStreamId('riverside'));
    expect(practiceReads.at(-1)?.data).toMatchObject({ what: 'GET /practices/:practiceId', role: 'auditor' });
  });

  it('does not log writes or unauthenticated requests as reads', async () => {
    const before = (await accessEvents(patientAccessStreamId('riverside', 'pt-a'))).length;
    await api.http.get('/patients/pt-a').expect(401);
    await api.http.get('/health').expect(200);
    expect(await accessEvents(patientAccessStreamId('riverside', 'pt-a'))).toHaveLength(before);
  });
});
