import { expectStreamUnchanged, startApi, type ApiHarness } from '../testing/api-harness';
import { enrolledPatient, registerPractices } from '../testing/fixtures';

/** Demographics through the api (docs/interop.md): recorded once, corrected by new events. */
describe('demographics: name, date of birth, sex, MBI, address and phone', () => {
  let api: ApiHarness;
  type Role = 'admin' | 'care_manager' | 'practitioner' | 'biller' | 'auditor';
  const post = (path: string, body: object, role: Role = 'admin') =>
    api.http
      .post(path)
      .set('Authorization', `Bearer ${api.token(role)}`)
      .send(body);
  const record = (overrides: object = {}) => ({
    name: { given: ['Maria', 'Elena'], family: 'Okafor' },
    dateOfBirth: '1946-09-14',
    sex: 'female',
    mbi: '1eg4-te5-mk73',
    address: { lines: ['12 Elm St', 'Apt 4'], city: 'Riverside', state: 'ca', postalCode: '92501-1234' },
    phone: '(951) 555-0142',
    ...overrides,
  });
  const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field);
  const patient = async (id: string) =>
    (
      await api.http
        .get(`/patients/${id}`)
        .set('Authorization', `Bearer ${api.token('auditor')}`)
        .expect(200)
    ).body;

  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await enrolledPatient(api, 'pt-d', { consent: false });
    await enrolledPatient(api, 'pt-e', { consent: false });
  });
  afterAll(() => api.close());

  it('answers 400 naming the fields of a bad body, never echoing a value, and records nothing', async () => {
    await expectStreamUnchanged(api, 'pt-d', async () => {
      const badMbi = await post('/patients/pt-d/demographics', record({ mbi: '1EG4-TE5-MK7S' })).expect(400);
      expect(fieldsOf(badMbi.body)).toEqual(['mbi']);
      expect(JSON.stringify(badMbi.body)).not.toMatch(/MK7S|1EG4/i);
      const missing = await post('/patients/pt-d/demographics', record({ phone: undefined, sex: undefined }));
      expect(missing.status).toBe(400);
      expect(fieldsOf(missing.body).sort()).toEqual(['phone', 'sex']);
      const address = await post(
        '/patients/pt-d/demographics',
        record({ address: { lines: [], city: 'Riverside', state: 'QQ', postalCode: '9250' }, sex: 'F' }),
      ).expect(400);
      expect(fieldsOf(address.body).sort()).toEqual([
        'address.lines',
        'address.postalCode',
        'address.state',
        'sex',
      ]);
      expect(JSON.stringify(address.body)).not.toMatch(/QQ|9250/);
      const noName = await post('/patients/pt-d/demographics', record({ name: { given: ['Maria'] } }));
      expect(noName.status).toBe(400);
      expect(fieldsOf(noName.body)).toEqual(['name.family']);
    });
  });

  it('refuses a date of birth in the future or over 130 years ago with 422, and records nothing', async () => {
    await expectStreamUnchanged(api, 'pt-d', async () => {
      const future = await post('/patients/pt-d/demographics', record({ dateOfBirth: '2026-04-01' })).expect(
        422,
      );
      expect(future.body).toMatchObject({
        reason: 'DEMOGRAPHICS_INVALID',
        details: { fields: ['dateOfBirth'] },
      });
      const old = await post('/patients/pt-d/demographics', record({ dateOfBirth: '1896-03-30' }));
      expect([400, 422]).toContain(old.status);
    });
  });

  it('records the demographics in their stored form; the record shows them and their date of birth', async () => {
    expect((await patient('pt-d')).dateOfBirth).toBe('1948-05-02');
    const res = await post('/patients/pt-d/demographics', record(), 'care_manager').expect(201);
    const events = await api.readPatientStream('pt-d');
    expect(events.at(-1)).toMatchObject({
      type: 'DemographicsRecorded',
      data: {
        mbi: '1EG4TE5MK73',
        phone: '9515550142',
        address: { state: 'CA', postalCode: '925011234' },
        recordedBy: 'rn-lopez',
      },
    });
    expect(res.headers.etag).toBe(`"${events.length - 1}"`);
    const view = await patient('pt-d');
    expect(view.dateOfBirth).toBe('1946-09-14');
    expect(view.demographics).toMatchObject({
      name: { given: ['Maria', 'Elena'], family: 'Okafor' },
      dateOfBirth: '1946-09-14',
      sex: 'female',
      mbi: '1EG4TE5MK73',
      corrections: 0,
    });
  });

  it('answers a re-send as replayed and other demographics with 409: a change is a correction', async () => {
    const again = await post('/patients/pt-d/demographics', record({ mbi: '1EG4TE5MK73' })).expect(201);
    expect(again.headers['x-ccm-replayed']).toBe('true');
    await expectStreamUnchanged(api, 'pt-d', async () => {
      const other = await post('/patients/pt-d/demographics', record({ sex: 'unknown' })).expect(409);
      expect(other.body.reason).toBe('DEMOGRAPHICS_ALREADY_RECORDED');
    });
  });

  it('corrects a subset of the fields with a reason; the record shows the correction applied', async () => {
    const res = await post(
      '/patients/pt-d/demographics/corrections',
      {
        correctionId: 'dc-1',
        mbi: '9ac0-d12-ef34',
        address: { lines: ['40 Oak Ave'], city: 'Corona', state: 'CA', postalCode: '92879' },
        reason: 'New Medicare card; moved',
      },
      'practitioner',
    ).expect(201);
    expect(res.body).toMatchObject({ correctionId: 'dc-1' });
    const view = await patient('pt-d');
    expect(view.demographics).toMatchObject({
      name: { family: 'Okafor' },
      mbi: '9AC0D12EF34',
      address: { lines: ['40 Oak Ave'], city: 'Corona', postalCode: '92879' },
      phone: '9515550142',
      corrections: 1,
    });
    const dob = await post('/patients/pt-d/demographics/corrections', {
      dateOfBirth: '1946-09-15',
      reason: 'Birth certificate',
    }).expect(201);
    expect(dob.body.correctionId).toEqual(expect.any(String));
    expect((await patient('pt-d')).dateOfBirth).toBe('1946-09-15');
  });

  it('replays a re-sent correction, and refuses a reused id, a no-op, an empty correction and a bad MBI', async () => {
    const again = await post('/patients/pt-d/demographics/corrections', {
      correctionId: 'dc-1',
      mbi: '9AC0D12EF34',
      address: { lines: ['40 Oak Ave'], city: 'Corona', state: 'CA', postalCode: '92879' },
      reason: 'New Medicare card; moved',
    }).expect(201);
    expect(again.headers['x-ccm-replayed']).toBe('true');
    await expectStreamUnchanged(api, 'pt-d', async () => {
      const reused = await post('/patients/pt-d/demographics/corrections', {
        correctionId: 'dc-1',
        phone: '951 555 0199',
        reason: 'x',
      }).expect(409);
      expect(reused.body.reason).toBe('DEMOGRAPHICS_CORRECTION_ID_REUSED');
      const same = await post('/patients/pt-d/demographics/corrections', {
        sex: 'female',
        reason: 'x',
      }).expect(422);
      expect(same.body.reason).toBe('DEMOGRAPHICS_UNCHANGED');
      const empty = await post('/patients/pt-d/demographics/corrections', { reason: 'x' }).expect(422);
      expect(empty.body.reason).toBe('DEMOGRAPHICS_CORRECTION_EMPTY');
      const badMbi = await post('/patients/pt-d/demographics/corrections', {
        mbi: '0AC0D12EF34',
        reason: 'x',
      }).expect(400);
      expect(fieldsOf(badMbi.body)).toEqual(['mbi']);
      expect(JSON.stringify(badMbi.body)).not.toContain('0AC0D12EF34');
      const noReason = await post('/patients/pt-d/demographics/corrections', { sex: 'male' }).expect(400);
      expect(fieldsOf(noReason.body)).toEqual(['reason']);
    });
  });

  it('refuses a correction before any recording (422), and the roles that do not record demographics', async () => {
    await expectStreamUnchanged(api, 'pt-e', async () => {
      const early = await post('/patients/pt-e/demographics/corrections', {
        sex: 'male',
        reason: 'x',
      }).expect(422);
      expect(early.body.reason).toBe('DEMOGRAPHICS_NOT_RECORDED');
      await post('/patients/pt-e/demographics', record(), 'biller').expect(403);
      await post('/patients/pt-e/demographics', record(), 'auditor').expect(403);
    });
    expect((await patient('pt-e')).demographics).toBeUndefined();
    await post('/patients/pt-nobody/demographics', record()).expect(404);
  });
});
