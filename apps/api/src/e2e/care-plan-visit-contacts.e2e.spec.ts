import { expectStreamUnchanged, startApi, type ApiHarness } from '../testing/api-harness';
import { carePlanElements, enrolledPatient, registerPractices } from '../testing/fixtures';

describe('care plan, initiating visit and contacts', () => {
  let api: ApiHarness;
  const practitioner = () => `Bearer ${api.token('practitioner')}`;
  const careManager = () => `Bearer ${api.token('care_manager')}`;
  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await enrolledPatient(api, 'pt-p', { consent: false });
  });
  afterAll(() => api.close());

  describe('care plan (PLAN)', () => {
    it('PLAN-2: refuses a plan missing required elements, naming them, and records nothing', async () => {
      await expectStreamUnchanged(api, 'pt-p', async () => {
        const { measurableGoals: _g, periodicReview: _r, ...partial } = carePlanElements;
        const res = await api.http
          .post('/patients/pt-p/care-plan')
          .set('Authorization', practitioner())
          .send({ elements: partial, establishedOn: '2026-03-02' })
          .expect(422);
        expect(res.body).toMatchObject({
          reason: 'CARE_PLAN_ELEMENTS_MISSING',
          details: { missing: ['measurableGoals', 'periodicReview'] },
        });
      });
    });

    it('refuses a revision or share before a plan exists', async () => {
      const revise = await api.http
        .post('/patients/pt-p/care-plan/revisions')
        .set('Authorization', practitioner())
        .send({
          changes: { symptomManagement: 'x' },
          changeSummary: 'x',
          substantial: false,
          revisedOn: '2026-03-05',
        })
        .expect(422);
      expect(revise.body.reason).toBe('CARE_PLAN_NOT_FOUND');
      await api.http
        .post('/patients/pt-p/care-plan/shares')
        .set('Authorization', practitioner())
        .send({ recipient: 'patient', method: 'portal', sharedOn: '2026-03-05' })
        .expect(422);
    });

    it('PLAN-5: creates version 1 signed off by the practitioner, revises to version 2, shares a version (PLAN-3)', async () => {
      await api.http
        .post('/patients/pt-p/care-plan')
        .set('Authorization', practitioner())
        .send({ elements: carePlanElements, establishedOn: '2026-03-02' })
        .expect(201);
      const dup = await api.http
        .post('/patients/pt-p/care-plan')
        .set('Authorization', practitioner())
        .send({ elements: carePlanElements, establishedOn: '2026-03-02' })
        .expect(422);
      expect(dup.body.reason).toBe('CARE_PLAN_EXISTS');
      await api.http
        .post('/patients/pt-p/care-plan/revisions')
        .set('Authorization', careManager())
        .send({
          changes: { measurableGoals: ['HbA1c below 7%'] },
          changeSummary: 'tighter HbA1c goal',
          substantial: true,
          revisedOn: '2026-03-15',
        })
        .expect(201);
      await api.http
        .post('/patients/pt-p/care-plan/shares')
        .set('Authorization', careManager())
        .send({ recipient: 'patient', method: 'portal', sharedOn: '2026-03-15' })
        .expect(201);
      const missingVersion = await api.http
        .post('/patients/pt-p/care-plan/shares')
        .set('Authorization', careManager())
        .send({ version: 3, recipient: 'caregiver', method: 'mail', sharedOn: '2026-03-15' })
        .expect(422);
      expect(missingVersion.body.reason).toBe('CARE_PLAN_VERSION_NOT_FOUND');
      const read = await api.http.get('/patients/pt-p').set('Authorization', practitioner()).expect(200);
      expect(read.body.carePlan).toMatchObject({
        version: 2,
        signedOffBy: 'dr-adams',
        elements: { measurableGoals: ['HbA1c below 7%'], problemList: carePlanElements.problemList },
        shares: [{ version: 2, recipient: 'patient', method: 'portal', sharedOn: '2026-03-15' }],
      });
    });

    it('refuses a revision that would blank a required element, or changes nothing', async () => {
      const blank = await api.http
        .post('/patients/pt-p/care-plan/revisions')
        .set('Authorization', practitioner())
        .send({
          changes: { symptomManagement: '' },
          changeSummary: 'x',
          substantial: false,
          revisedOn: '2026-03-16',
        })
        .expect(422);
      expect(blank.body).toMatchObject({
        reason: 'CARE_PLAN_ELEMENTS_MISSING',
        details: { missing: ['symptomManagement'] },
      });
      const empty = await api.http
        .post('/patients/pt-p/care-plan/revisions')
        .set('Authorization', practitioner())
        .send({ changes: {}, changeSummary: 'x', substantial: false, revisedOn: '2026-03-16' })
        .expect(422);
      expect(empty.body.reason).toBe('CARE_PLAN_REVISION_EMPTY');
    });

    it('refuses a care plan element of the wrong type with 400', async () => {
      const res = await api.http
        .post('/patients/pt-p/care-plan/revisions')
        .set('Authorization', practitioner())
        .send({
          changes: { measurableGoals: 'one goal' },
          changeSummary: 'x',
          substantial: false,
          revisedOn: '2026-03-16',
        })
        .expect(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain('changes.measurableGoals');
    });
  });

  describe('initiating visit (INIT)', () => {
    it('records the visit, idempotent on visitId', async () => {
      const body = {
        visitId: 'v-1',
        visitDate: '2026-02-27',
        practitionerId: 'dr-adams',
        visitCode: '99214',
        ccmDiscussed: true,
        extensiveAssessmentAndCarePlanning: true,
      };
      const first = await api.http
        .post('/patients/pt-p/initiating-visit')
        .set('Authorization', practitioner())
        .send(body)
        .expect(201);
      const again = await api.http
        .post('/patients/pt-p/initiating-visit')
        .set('Authorization', practitioner())
        .send(body)
        .expect(201);
      expect(again.body).toEqual(first.body);
      const read = await api.http.get('/patients/pt-p').set('Authorization', practitioner()).expect(200);
      expect(read.body.initiatingVisits).toEqual([
        {
          visitId: 'v-1',
          visitDate: '2026-02-27',
          practitionerId: 'dr-adams',
          visitCode: '99214',
          ccmDiscussed: true,
          extensiveAssessmentAndCarePlanning: true,
        },
      ]);
    });

    it('refuses a visit by someone off the roster, in the future, or with a malformed code', async () => {
      const base = {
        visitDate: '2026-02-27',
        practitionerId: 'dr-adams',
        visitCode: '99214',
        ccmDiscussed: true,
      };
      expect(
        (
          await api.http
            .post('/patients/pt-p/initiating-visit')
            .set('Authorization', practitioner())
            .send({ ...base, practitionerId: 'dr-nobody' })
            .expect(422)
        ).body.reason,
      ).toBe('PERFORMER_NOT_ON_ROSTER');
      expect(
        (
          await api.http
            .post('/patients/pt-p/initiating-visit')
            .set('Authorization', practitioner())
            .send({ ...base, visitDate: '2026-04-01' })
            .expect(422)
        ).body.reason,
      ).toBe('OCCURS_IN_FUTURE');
      expect(
        (
          await api.http
            .post('/patients/pt-p/initiating-visit')
            .set('Authorization', practitioner())
            .send({ ...base, visitCode: '9921x' })
            .expect(422)
        ).body.reason,
      ).toBe('VISIT_CODE_INVALID');
    });
  });

  describe('contacts', () => {
    const contact = {
      contactId: 'c-1',
      channel: 'phone',
      direction: 'outbound',
      party: 'patient',
      occurredAt: '2026-03-01T09:00',
      outcome: 'reached',
      summary: 'Consent call',
    };

    it('records a contact even before consent (the consent call is one), idempotent on contactId', async () => {
      const first = await api.http
        .post('/patients/pt-p/contacts')
        .set('Authorization', careManager())
        .send(contact)
        .expect(201);
      const again = await api.http
        .post('/patients/pt-p/contacts')
        .set('Authorization', `Bearer ${api.token('practitioner')}`)
        .send(contact)
        .expect(201);
      expect(again.body).toEqual(first.body);
      const conflict = await api.http
        .post('/patients/pt-p/contacts')
        .set('Authorization', careManager())
        .send({ ...contact, outcome: 'no_answer' })
        .expect(409);
      expect(conflict.body.reason).toBe('CONTACT_ID_REUSED');
    });

    it('refuses a contact in the future, and an unknown channel with 400', async () => {
      expect(
        (
          await api.http
            .post('/patients/pt-p/contacts')
            .set('Authorization', careManager())
            .send({ ...contact, contactId: 'c-2', occurredAt: '2026-04-01T09:00' })
            .expect(422)
        ).body.reason,
      ).toBe('OCCURS_IN_FUTURE');
      const bad = await api.http
        .post('/patients/pt-p/contacts')
        .set('Authorization', careManager())
        .send({ ...contact, contactId: 'c-3', channel: 'carrier_pigeon' })
        .expect(400);
      expect(bad.body.fields[0].field).toBe('channel');
    });
  });
});
