import { practiceStreamId } from '@ccm/domain';
import { expectStreamUnchanged, startApi, type ApiHarness } from '../testing/api-harness';
import { enrolBody, practiceBody, registerPractices } from '../testing/fixtures';

describe('practices and enrolment', () => {
  let api: ApiHarness;
  const admin = () => `Bearer ${api.token('admin')}`;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  describe('POST /practices', () => {
    it('refuses an invalid profile before anything exists: bad NPI check digit, unknown time zone', async () => {
      const res = await api.http
        .post('/practices')
        .set('Authorization', admin())
        .send({
          ...practiceBody(),
          timeZone: 'Mars/Olympus',
          billingPractitioners: [{ id: 'dr-x', npi: '1234567890', credential: 'MD' }],
        })
        .expect(422);
      expect(res.body.reason).toBe('PRACTICE_PROFILE_INVALID');
      expect(res.body.details.fields).toEqual(
        expect.arrayContaining(['timeZone', 'billingPractitioners[0].npi']),
      );
      expect((await api.store.readStream(practiceStreamId('riverside'), { maxCount: 10 })).length).toBe(0);
    });

    it('refuses unknown fields and wrong types with 400, naming the known ones only', async () => {
      const res = await api.http
        .post('/practices')
        .set('Authorization', admin())
        .send({
          ...practiceBody(),
          staff: [{ id: 'x', role: 'janitor', credential: 'n/a' }],
          favouriteColour: 'blue',
        })
        .expect(400);
      expect(res.body.reason).toBe('VALIDATION_FAILED');
      const fields = res.body.fields.map((f: { field: string }) => f.field);
      expect(fields).toEqual(expect.arrayContaining(['body', 'staff.0.role']));
      expect(res.text).not.toContain('favouriteColour');
    });

    it('registers the token’s practice, refuses a second registration with 409, and updates with If-Match', async () => {
      await registerPractices(api);
      const again = await api.http
        .post('/practices')
        .set('Authorization', admin())
        .send(practiceBody())
        .expect(409);
      expect(again.body.reason).toBe('PRACTICE_ALREADY_REGISTERED');
      const read = await api.http.get('/practices/riverside').set('Authorization', admin()).expect(200);
      expect(read.headers.etag).toBe('"0"');
      expect(read.body).toMatchObject({ practiceId: 'riverside', timeZone: 'America/Chicago' });
      const updated = { ...practiceBody(), practiceId: undefined, name: 'Riverside FM' };
      await api.http
        .put('/practices/riverside')
        .set('Authorization', admin())
        .set('If-Match', '"0"')
        .send({ ...updated, practiceId: undefined })
        .expect(200);
      const stale = await api.http
        .put('/practices/riverside')
        .set('Authorization', admin())
        .set('If-Match', '"0"')
        .send(updated)
        .expect(409);
      expect(stale.body.reason).toBe('REVISION_CONFLICT');
      expect(stale.headers.etag).toBe('"1"');
    });

    it('refuses to register a practice other than the token’s', async () => {
      await api.http
        .post('/practices')
        .set('Authorization', admin())
        .send(practiceBody('someone-else'))
        .expect(403);
    });
  });

  describe('POST /patients', () => {
    it('enrols a patient with attested conditions and reads it back with its ETag', async () => {
      const res = await api.http
        .post('/patients')
        .set('Authorization', admin())
        .send(enrolBody('pt-1'))
        .expect(201);
      expect(res.body).toEqual({ patientId: 'pt-1', revision: 0 });
      expect(res.headers.etag).toBe('"0"');
      const read = await api.http.get('/patients/pt-1').set('Authorization', admin()).expect(200);
      expect(read.body.conditions).toHaveLength(2);
      expect(read.body.conditions[0]).toMatchObject({
        icd10: 'E11.9',
        attestedBy: 'admin-user',
        attestedOn: '2026-03-31',
      });
      expect(read.headers.etag).toBe('"0"');
    });

    it('refuses a second enrolment of the same id with 409 and changes nothing', async () => {
      await expectStreamUnchanged(api, 'pt-1', async () => {
        const res = await api.http
          .post('/patients')
          .set('Authorization', admin())
          .send(enrolBody('pt-1'))
          .expect(409);
        expect(res.body.reason).toBe('PATIENT_ALREADY_ENROLLED');
      });
    });

    it('refuses a billing practitioner or care team member not on the roster with 422', async () => {
      const a = await api.http
        .post('/patients')
        .set('Authorization', admin())
        .send({ ...enrolBody('pt-2'), billingPractitionerId: 'rn-lopez' })
        .expect(422);
      expect(a.body.reason).toBe('BILLING_PRACTITIONER_NOT_ON_ROSTER');
      const b = await api.http
        .post('/patients')
        .set('Authorization', admin())
        .send({ ...enrolBody('pt-2'), careTeam: ['stranger'] })
        .expect(422);
      expect(b.body).toMatchObject({
        reason: 'CARE_TEAM_MEMBER_NOT_ON_ROSTER',
        details: { members: ['stranger'] },
      });
      expect(await api.readPatientStream('pt-2')).toHaveLength(0);
    });

    it('refuses malformed input with 400 naming each field: bad date, wrong type, unknown field', async () => {
      const res = await api.http
        .post('/patients')
        .set('Authorization', admin())
        .send({
          ...enrolBody('pt-3'),
          dateOfBirth: '1948-02-30',
          conditions: [
            { icd10: 'E11.9', description: 'x', expectedDuration: 'forever', significantRisk: 'yes' },
          ],
          ssn: '000',
        })
        .expect(400);
      const fields = res.body.fields.map((f: { field: string }) => f.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'dateOfBirth',
          'conditions.0.expectedDuration',
          'conditions.0.significantRisk',
          'body',
        ]),
      );
      expect(JSON.stringify(res.body)).not.toContain('ssn');
      expect(JSON.stringify(res.body)).not.toContain('1948-02-30');
    });

    it('refuses a date of birth in the future and a malformed ICD-10 code with 422', async () => {
      const res = await api.http
        .post('/patients')
        .set('Authorization', admin())
        .send({
          ...enrolBody('pt-4'),
          dateOfBirth: '2027-01-01',
          conditions: [
            { icd10: '123', description: 'x', expectedDuration: '12_months_or_more', significantRisk: true },
          ],
        })
        .expect(422);
      expect(res.body.details.fields).toEqual(['dateOfBirth', 'conditions[0].icd10']);
    });
  });

  describe('conditions and billing practitioner', () => {
    it('adds and resolves a condition; refuses resolving one not active and adding a duplicate', async () => {
      const practitioner = `Bearer ${api.token('practitioner')}`;
      await api.http
        .post('/patients/pt-1/conditions')
        .set('Authorization', practitioner)
        .send({
          icd10: 'J44.9',
          description: 'COPD',
          expectedDuration: '12_months_or_more',
          significantRisk: true,
        })
        .expect(201);
      const dup = await api.http
        .post('/patients/pt-1/conditions')
        .set('Authorization', practitioner)
        .send({
          icd10: 'j44.9',
          description: 'COPD',
          expectedDuration: '12_months_or_more',
          significantRisk: true,
        })
        .expect(422);
      expect(dup.body.reason).toBe('CONDITION_ALREADY_ACTIVE');
      await api.http
        .post('/patients/pt-1/conditions/J44.9/resolution')
        .set('Authorization', practitioner)
        .send({ resolvedOn: '2026-03-20', reason: 'reclassified' })
        .expect(201);
      const again = await api.http
        .post('/patients/pt-1/conditions/J44.9/resolution')
        .set('Authorization', practitioner)
        .send({ resolvedOn: '2026-03-20', reason: 'x' })
        .expect(422);
      expect(again.body.reason).toBe('CONDITION_NOT_ACTIVE');
      const read = await api.http.get('/patients/pt-1').set('Authorization', practitioner).expect(200);
      expect(read.body.conditions.find((c: { icd10: string }) => c.icd10 === 'J44.9').resolvedOn).toBe(
        '2026-03-20',
      );
    });

    it('changes the billing practitioner (CONS-4) and refuses an unknown one', async () => {
      await api.http
        .post('/patients/pt-1/billing-practitioner')
        .set('Authorization', admin())
        .send({ billingPractitionerId: 'dr-baker', effectiveOn: '2026-04-01', reason: 'panel change' })
        .expect(201);
      const read = await api.http.get('/patients/pt-1').set('Authorization', admin()).expect(200);
      expect(read.body.billingPractitionerId).toBe('dr-baker');
      await api.http
        .post('/patients/pt-1/billing-practitioner')
        .set('Authorization', admin())
        .send({ billingPractitionerId: 'dr-nobody', effectiveOn: '2026-04-01', reason: 'x' })
        .expect(422);
    });
  });
});
