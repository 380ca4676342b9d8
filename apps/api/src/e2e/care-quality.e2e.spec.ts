import { listAdmissions, type PatientEvent } from '@ccm/domain';
import { expectStreamUnchanged, startApi, type ApiHarness } from '../testing/api-harness';
import { enrolledPatient, registerPractices } from '../testing/fixtures';

/** Observations, utilisation and satisfaction through the api (docs/care-quality.md). */
describe('care quality: observations, utilisation and satisfaction', () => {
  let api: ApiHarness;
  const post = (path: string, body: object, role: 'care_manager' | 'practitioner' = 'care_manager') =>
    api.http
      .post(path)
      .set('Authorization', `Bearer ${api.token(role)}`)
      .send(body);
  const eventsOf = async (patientId: string) =>
    (await api.readPatientStream(patientId)).map(
      (e) => ({ type: e.type, data: e.data }) as unknown as PatientEvent,
    );
  const bp = (overrides: object = {}) => ({
    observationId: 'obs-1',
    kind: 'blood_pressure',
    systolicMmHg: 132,
    diastolicMmHg: 84,
    takenAt: '2026-03-10T09:30',
    source: 'staff',
    ...overrides,
  });

  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await enrolledPatient(api, 'pt-q', { consent: false });
  });
  afterAll(() => api.close());

  describe('clinical observations', () => {
    it('records a blood pressure, answers a re-send as replayed and the id reused for another value with 409', async () => {
      const res = await post('/patients/pt-q/observations', bp()).expect(201);
      expect(res.body).toMatchObject({ observationId: 'obs-1' });
      const again = await post('/patients/pt-q/observations', bp()).expect(201);
      expect(again.headers['x-ccm-replayed']).toBe('true');
      await expectStreamUnchanged(api, 'pt-q', async () => {
        const reused = await post('/patients/pt-q/observations', bp({ systolicMmHg: 150 })).expect(409);
        expect(reused.body.reason).toBe('OBSERVATION_ID_REUSED');
      });
    });

    it('answers 400 naming the fields of a malformed body, and records nothing', async () => {
      await expectStreamUnchanged(api, 'pt-q', async () => {
        const missing = await post('/patients/pt-q/observations', bp({ systolicMmHg: undefined })).expect(
          400,
        );
        expect(missing.body.fields.map((f: { field: string }) => f.field)).toEqual(['systolicMmHg']);
        const foreign = await post('/patients/pt-q/observations', bp({ glucoseMgDl: 100 })).expect(400);
        expect(foreign.body.fields.map((f: { field: string }) => f.field)).toEqual(['glucoseMgDl']);
        const noSystem = await post('/patients/pt-q/observations', bp({ source: 'imported' })).expect(400);
        expect(noSystem.body.fields.map((f: { field: string }) => f.field)).toEqual(['sourceSystem']);
        const badTime = await post('/patients/pt-q/observations', bp({ takenAt: 'yesterday' })).expect(400);
        expect(badTime.body.fields.map((f: { field: string }) => f.field)).toEqual(['takenAt']);
      });
    });

    it('refuses implausible values with 422 naming the field, never echoing the value, and records nothing', async () => {
      await expectStreamUnchanged(api, 'pt-q', async () => {
        const cases: [object, string, string[]][] = [
          [
            bp({ observationId: 'o-2', systolicMmHg: 401, diastolicMmHg: 20 }),
            'OBSERVATION_IMPLAUSIBLE',
            ['systolicMmHg'],
          ],
          [
            bp({ observationId: 'o-3', systolicMmHg: 90, diastolicMmHg: 97 }),
            'BLOOD_PRESSURE_INVERTED',
            ['systolicMmHg', 'diastolicMmHg'],
          ],
          [
            {
              ...bp({ observationId: 'o-4', kind: 'a1c', systolicMmHg: undefined, diastolicMmHg: undefined }),
              a1cPercent: 40.5,
            },
            'OBSERVATION_IMPLAUSIBLE',
            ['a1cPercent'],
          ],
          [
            {
              ...bp({
                observationId: 'o-5',
                kind: 'glucose',
                systolicMmHg: undefined,
                diastolicMmHg: undefined,
              }),
              glucoseMgDl: 0,
              glucoseTiming: 'fasting',
            },
            'OBSERVATION_IMPLAUSIBLE',
            ['glucoseMgDl'],
          ],
          [bp({ observationId: 'o-6', takenAt: '2026-03-31T12:30' }), 'OCCURS_IN_FUTURE', ['takenAt']],
          [
            bp({ observationId: 'o-7', source: 'rpm_device', rpmPeriodId: 'p-9' }),
            'RPM_PERIOD_NOT_FOUND',
            ['rpmPeriodId'],
          ],
        ];
        for (const [body, reason, fields] of cases) {
          const res = await post('/patients/pt-q/observations', body).expect(422);
          expect(res.body).toMatchObject({ reason, details: { fields } });
          expect(res.text).not.toMatch(/401|40\.5/);
        }
      });
    });

    it('converts a weight in pounds to kilograms, keeping what was entered', async () => {
      await post('/patients/pt-q/observations', {
        observationId: 'w-1',
        kind: 'weight',
        weight: 180,
        weightUnit: 'lb',
        takenAt: '2026-03-11T08:00',
        source: 'imported',
        sourceSystem: 'Epic',
      }).expect(201);
      const [recorded] = (await eventsOf('pt-q')).filter(
        (e) => e.type === 'ClinicalObservationRecorded' && e.data.observationId === 'w-1',
      );
      expect(recorded.data).toMatchObject({
        measurement: { kind: 'weight', weightKg: 81.6, enteredAs: { value: 180, unit: 'lb' } },
        source: { type: 'imported', system: 'Epic' },
      });
    });

    it('corrects with a new event (never an update) and voids an observation entered in error', async () => {
      const fix = {
        kind: 'blood_pressure',
        systolicMmHg: 123,
        diastolicMmHg: 84,
        takenAt: '2026-03-10T09:30',
        reason: 'Digits transposed',
      };
      await post('/patients/pt-q/observations/obs-1/corrections', fix).expect(201);
      const resent = await post('/patients/pt-q/observations/obs-1/corrections', fix).expect(201);
      expect(resent.headers['x-ccm-replayed']).toBe('true');
      await expectStreamUnchanged(api, 'pt-q', async () => {
        const kind = await post('/patients/pt-q/observations/obs-1/corrections', {
          kind: 'a1c',
          a1cPercent: 7,
          takenAt: '2026-03-10T09:30',
          reason: 'x',
        }).expect(422);
        expect(kind.body.reason).toBe('OBSERVATION_KIND_CHANGED');
        await post('/patients/pt-q/observations/nope/void', { reason: 'x' }).expect(422);
      });
      await post('/patients/pt-q/observations/w-1/void', { reason: 'Wrong patient' }).expect(201);
      const types = (await eventsOf('pt-q')).map((e) => e.type);
      expect(types.filter((t) => t.startsWith('ClinicalObservation'))).toEqual([
        'ClinicalObservationRecorded',
        'ClinicalObservationRecorded',
        'ClinicalObservationCorrected',
        'ClinicalObservationVoided',
      ]);
    });
  });

  describe('utilisation', () => {
    it('records an ED visit and refuses a bad reason code (422) or a missing facility (400)', async () => {
      const res = await post('/patients/pt-q/emergency-visits', {
        visitId: 'ed-1',
        visitDate: '2026-03-05',
        facility: 'Mercy General ED',
        reasonCode: 'J44.1',
      }).expect(201);
      expect(res.body).toMatchObject({ visitId: 'ed-1' });
      await expectStreamUnchanged(api, 'pt-q', async () => {
        const code = await post('/patients/pt-q/emergency-visits', {
          visitDate: '2026-03-05',
          facility: 'Mercy',
          reasonCode: 'CHEST',
        }).expect(422);
        expect(code.body).toMatchObject({
          reason: 'REASON_CODE_INVALID',
          details: { fields: ['reasonCode'] },
        });
        const facility = await post('/patients/pt-q/emergency-visits', { visitDate: '2026-03-05' }).expect(
          400,
        );
        expect(facility.body.fields.map((f: { field: string }) => f.field)).toEqual(['facility']);
      });
    });

    it('admits and discharges as the one stay billing reads; a discharge before admission is 422 and records nothing', async () => {
      await post('/patients/pt-q/hospital-admissions', {
        stayId: 'stay-1',
        admit: '2026-02-01',
        discharge: '2026-02-05',
      }).expect(201);
      await post('/patients/pt-q/hospital-admissions', { stayId: 'stay-2', admit: '2026-03-01' }).expect(201);
      await expectStreamUnchanged(api, 'pt-q', async () => {
        const early = await post('/patients/pt-q/hospital-admissions/stay-2/discharge', {
          discharge: '2026-02-28',
        }).expect(422);
        expect(early.body).toMatchObject({
          reason: 'STAY_DATES_INVALID',
          details: { fields: ['discharge'] },
        });
        await post('/patients/pt-q/hospital-admissions/stay-9/discharge', { discharge: '2026-03-03' }).expect(
          422,
        );
      });
      await post('/patients/pt-q/hospital-admissions/stay-2/discharge', { discharge: '2026-03-04' }).expect(
        201,
      );
      // The same discharge sent through the billing route is the same stay: nothing more is recorded.
      const billing = await post('/patients/pt-q/inpatient-stays', {
        stayId: 'stay-2',
        stayType: 'acute_hospital_inpatient',
        admit: '2026-03-01',
        discharge: '2026-03-04',
      }).expect(201);
      expect(billing.headers['x-ccm-replayed']).toBe('true');
      const events = await eventsOf('pt-q');
      expect(events.filter((e) => e.type === 'InpatientStayRecorded')).toHaveLength(3);
      expect(listAdmissions(events).map((a) => [a.stayId, a.discharge, a.readmissionWithin30Days])).toEqual([
        ['stay-1', '2026-02-05', false],
        ['stay-2', '2026-03-04', true],
      ]);
    });
  });

  describe('satisfaction', () => {
    const survey = (overrides: object = {}) => ({
      surveyId: 's-1',
      completedOn: '2026-03-20',
      instrument: 'CCM patient satisfaction v1',
      scaleMin: 1,
      scaleMax: 5,
      overallScore: 4,
      items: [{ item: 'Easy to reach the care team', score: 5 }],
      ...overrides,
    });

    it('records a survey result and refuses scores outside its scale (422) or not numbers (400)', async () => {
      await post('/patients/pt-q/satisfaction-surveys', survey(), 'practitioner').expect(201);
      await expectStreamUnchanged(api, 'pt-q', async () => {
        const out = await post(
          '/patients/pt-q/satisfaction-surveys',
          survey({ surveyId: 's-2', overallScore: 6, items: [{ item: 'a', score: 0 }] }),
        ).expect(422);
        expect(out.body).toMatchObject({
          reason: 'SURVEY_SCORE_OUT_OF_SCALE',
          details: { fields: ['overallScore', 'items[0].score'] },
        });
        const nan = await post(
          '/patients/pt-q/satisfaction-surveys',
          survey({ surveyId: 's-3', overallScore: 'great' }),
        ).expect(400);
        expect(nan.body.fields.map((f: { field: string }) => f.field)).toEqual(['overallScore']);
      });
    });
  });

  it("answers the month's outcome figures from what was recorded, each with its definition", async () => {
    const written = await post(
      '/patients/pt-q/observations',
      bp({ observationId: 'obs-9', takenAt: '2026-03-12T09:00', systolicMmHg: 150 }),
    ).expect(201);
    const outcomes = await api.http
      .get('/metrics/outcomes?month=2026-03')
      .set('Authorization', `Bearer ${api.token('auditor')}`)
      .set('X-CCM-Min-Position', written.headers['x-ccm-position'])
      .expect(200);
    // pt-q has hypertension and diabetes; the latest March pressure (150/84) is not under 140/90.
    expect(outcomes.body).toMatchObject({
      month: '2026-03',
      enrolledPatients: 1,
      bloodPressureControlled: { numerator: 0, denominator: 1, share: 0, withoutReading: 0 },
      a1cAbove9: { denominator: 0, withoutReading: 1 },
      satisfaction: { respondents: 1, meanScorePercent: 75 },
    });
    expect(outcomes.body.admissions.definition).toEqual({
      numerator: expect.stringContaining('acute hospital admissions'),
      denominator: expect.stringContaining('per 1,000'),
      lookBack: 'the month',
    });
    const trend = await api.http
      .get('/metrics/outcomes/trend?month=2026-03&months=3')
      .set('Authorization', `Bearer ${api.token('auditor')}`)
      .expect(200);
    expect(trend.body.months.map((m: { month: string }) => m.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    expect(trend.body.months[2]).toEqual(outcomes.body);
    for (const bad of ['months=0', 'months=25', 'months=x', 'month=26-03'])
      await api.http
        .get(`/metrics/outcomes/trend?${bad}`)
        .set('Authorization', `Bearer ${api.token('auditor')}`)
        .expect(400);
    await api.http
      .get('/metrics/outcomes?month=March')
      .set('Authorization', `Bearer ${api.token('auditor')}`)
      .expect(400);
  });
});
