import { expectStreamUnchanged, startApi, type ApiHarness } from '../testing/api-harness';
import { enrolledPatient, registerPractices, timeEntryBody } from '../testing/fixtures';

describe('facts the billing rules read', () => {
  let api: ApiHarness;
  const as = (role: 'practitioner' | 'biller' | 'care_manager' | 'admin') => `Bearer ${api.token(role)}`;
  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await enrolledPatient(api, 'pt-b');
  });
  afterAll(() => api.close());

  it('records MDM, coverage, track policy, a stay, another service and another practitioner’s claim', async () => {
    await api.http
      .post('/patients/pt-b/medical-decision-making')
      .set('Authorization', as('practitioner'))
      .send({ serviceMonth: '2026-03', level: 'moderate' })
      .expect(201);
    await api.http
      .post('/patients/pt-b/payer-coverage')
      .set('Authorization', as('biller'))
      .send({ fromMonth: '2026-01', payerType: 'medicare_part_b', qmb: false })
      .expect(201);
    await api.http
      .post('/patients/pt-b/track-policy')
      .set('Authorization', as('practitioner'))
      .send({
        fromMonth: '2026-03',
        preferred: 'ccm_complex_staff',
        fallback: 'ccm_noncomplex_staff',
        reason: 'frequent medication changes',
      })
      .expect(201);
    await api.http
      .post('/patients/pt-b/inpatient-stays')
      .set('Authorization', as('care_manager'))
      .send({ stayId: 'stay-1', stayType: 'acute_hospital_inpatient', admit: '2026-03-10', discharge: null })
      .expect(201);
    await api.http
      .post('/patients/pt-b/inpatient-stays')
      .set('Authorization', as('care_manager'))
      .send({
        stayId: 'stay-1',
        stayType: 'acute_hospital_inpatient',
        admit: '2026-03-10',
        discharge: '2026-03-14',
      })
      .expect(201);
    await api.http
      .post('/patients/pt-b/other-services')
      .set('Authorization', as('biller'))
      .send({ serviceId: 'svc-1', code: '99214', date: '2026-03-05', practitionerId: 'dr-adams' })
      .expect(201);
    await api.http
      .post('/patients/pt-b/other-practitioner-claims')
      .set('Authorization', as('biller'))
      .send({
        claimId: 'era-1',
        practitionerId: 'dr-elsewhere',
        code: '99490',
        serviceMonth: '2026-02',
        status: 'paid',
      })
      .expect(201);
    const types = (await api.readPatientStream('pt-b')).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'MedicalDecisionMakingRecorded',
        'PayerCoverageRecorded',
        'TrackPolicySet',
        'InpatientStayRecorded',
        'OtherServiceRecorded',
        'OtherPractitionerClaimRecorded',
      ]),
    );
    expect(types.filter((t) => t === 'InpatientStayRecorded')).toHaveLength(2);
  });

  it('refuses bad input with 400 and domain refusals with 422, recording nothing', async () => {
    await expectStreamUnchanged(api, 'pt-b', async () => {
      const bad = await api.http
        .post('/patients/pt-b/track-policy')
        .set('Authorization', as('practitioner'))
        .send({ fromMonth: '2026-3', preferred: 'cheapest', fallback: null, reason: 'x' })
        .expect(400);
      expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
        'fromMonth',
        'preferred',
      ]);
      const same = await api.http
        .post('/patients/pt-b/track-policy')
        .set('Authorization', as('practitioner'))
        .send({
          fromMonth: '2026-03',
          preferred: 'ccm_practitioner',
          fallback: 'ccm_practitioner',
          reason: 'x',
        })
        .expect(422);
      expect(same.body.reason).toBe('TRACK_POLICY_INVALID');
      const future = await api.http
        .post('/patients/pt-b/medical-decision-making')
        .set('Authorization', as('practitioner'))
        .send({ serviceMonth: '2026-05', level: 'high' })
        .expect(422);
      expect(future.body.reason).toBe('OCCURS_IN_FUTURE');
      await api.http
        .post('/patients/pt-b/payer-coverage')
        .set('Authorization', as('care_manager'))
        .send({ fromMonth: '2026-01', payerType: 'medicare_part_b', qmb: false })
        .expect(403);
    });
  });

  it('TIME-18: reallocates an unallocated multi-program entry to one program', async () => {
    await api.http
      .post('/patients/pt-b/time-entries')
      .set('Authorization', as('care_manager'))
      .send(timeEntryBody('multi-1', { program: ['CCM', 'RPM'] }))
      .expect(201);
    await api.http
      .post('/patients/pt-b/time-entries/multi-1/reallocation')
      .set('Authorization', as('care_manager'))
      .send({ program: 'CCM', reason: 'care plan call' })
      .expect(201);
    const read = await api.http.get('/patients/pt-b').set('Authorization', as('care_manager')).expect(200);
    expect(read.body.timeEntries.find((e: { entryId: string }) => e.entryId === 'multi-1')).toMatchObject({
      program: 'CCM',
    });
    const again = await api.http
      .post('/patients/pt-b/time-entries/multi-1/reallocation')
      .set('Authorization', as('care_manager'))
      .send({ program: 'CCM', reason: 'x' })
      .expect(422);
    expect(again.body.reason).toBe('REALLOCATION_CHANGES_NOTHING');
  });
});
