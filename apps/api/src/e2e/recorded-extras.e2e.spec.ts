import { startReadApi, type ReadApiHarness } from '../read-models/testing/read-api-harness';
import { expectStreamUnchanged } from '../testing/api-harness';
import { enrolledPatient, registerPractices, timeEntryBody } from '../testing/fixtures';

/**
 * RTM (RPM-4, EXCL-4), the APCM behavioural-health add-on (APCM-8) and attempted claim lines (SEL-6)
 * recorded through the api: each fills its block of the month's billing facts, and the decision shows it.
 */

type Role = 'admin' | 'practitioner' | 'care_manager' | 'biller';

interface Reason {
  reason: string;
  ref?: string;
}

const fieldsOf = (body: { fields: { field: string }[] }) => body.fields.map((f) => f.field).sort();
const reasonsOf = (month: { billing: { decision: { notBillable: Reason[] } } }) =>
  month.billing.decision.notBillable.map((r) => (r.ref ? `${r.reason}:${r.ref}` : r.reason));

describe('RTM, behavioural health and attempted claim lines through the api', () => {
  let api: ReadApiHarness;
  const post = (path: string, role: Role, body: object = {}) =>
    api.http
      .post(path)
      .set('Authorization', `Bearer ${api.token(role)}`)
      .send(body);
  const typesOf = async (patientId: string) => (await api.readPatientStream(patientId)).map((e) => e.type);

  async function month(patientId: string, serviceMonth: string) {
    await api.caughtUp();
    return (await api.get(`/patients/${patientId}/months/${serviceMonth}`, 'biller').expect(200)).body;
  }

  beforeAll(async () => {
    api = await startReadApi();
    await registerPractices(api);
  }, 30_000);
  afterAll(() => api.close());

  describe('RTM: /rtm/enrolment, /rtm/device-periods, /rtm/end', () => {
    const period = { periodId: 'rtm-p1', start: '2026-03-01', daysWithTransmittedData: 12 };

    it('RPM-4, EXCL-4: RTM fills facts.rtm; with RPM enrolled too the decision keeps RPM and reports RTM dropped', async () => {
      await enrolledPatient(api, 'pt-rtm', { consent: false });
      await post('/patients/pt-rtm/rpm/enrolment', 'practitioner', {
        deviceType: 'blood_pressure_cuff',
        enrolledOn: '2026-03-01',
        consentDocumented: true,
        establishedPatient: true,
      }).expect(201);
      await post('/patients/pt-rtm/rpm/device-periods', 'care_manager', {
        periodId: 'rpm-p1',
        start: '2026-03-01',
        daysWithTransmittedData: 17,
      }).expect(201);
      await post('/patients/pt-rtm/rtm/enrolment', 'practitioner', {
        enrolledOn: '2026-03-01',
        orderingPractitionerId: 'dr-baker',
        deviceType: 'respiratory_system',
      }).expect(201);
      await post('/patients/pt-rtm/rtm/device-periods', 'care_manager', period).expect(201);
      const repeat = await post('/patients/pt-rtm/rtm/device-periods', 'care_manager', period);
      expect(repeat.status).toBe(201);
      expect(repeat.headers['x-ccm-replayed']).toBe('true');
      await post('/patients/pt-rtm/rtm/device-periods', 'care_manager', {
        ...period,
        daysWithTransmittedData: 20,
      }).expect(201);

      const march = await month('pt-rtm', '2026-03');
      expect(march.billing.facts.rtm).toEqual({
        enrolled: true,
        devicePeriods: [{ start: '2026-03-01', end: '2026-03-30', daysWithTransmittedData: 20 }],
      });
      expect(reasonsOf(march)).toContain('RPM_AND_RTM_SAME_PERIOD');
      expect(march.billing.decision.codes.map((c: { code: string }) => c.code)).toContain('99454');
      expect((await typesOf('pt-rtm')).filter((t) => t === 'RtmDevicePeriodRecorded')).toHaveLength(2);
    });

    it('answers 400 naming the fields at fault', async () => {
      await expectStreamUnchanged(api, 'pt-rtm', async () => {
        const badPeriod = await post('/patients/pt-rtm/rtm/device-periods', 'care_manager', {
          periodId: 'rtm-p9',
          start: '2026-03-01',
          end: '2026-02-30',
          daysWithTransmittedData: 31,
        }).expect(400);
        expect(fieldsOf(badPeriod.body)).toEqual(['daysWithTransmittedData', 'end']);
        const badEnrolment = await post('/patients/pt-rtm/rtm/enrolment', 'practitioner', {
          enrolledOn: '2026-03-01',
          deviceType: 'toaster',
        }).expect(400);
        expect(fieldsOf(badEnrolment.body)).toEqual(['deviceType', 'orderingPractitionerId']);
        const badEnd = await post('/patients/pt-rtm/rtm/end', 'care_manager', {
          endedOn: '31/03/2026',
        }).expect(400);
        expect(fieldsOf(badEnd.body)).toEqual(['endedOn', 'reason']);
      });
    });

    it('refuses what the rules forbid with stable codes, recording nothing', async () => {
      await expectStreamUnchanged(api, 'pt-rtm', async () => {
        const periods = (body: object) => post('/patients/pt-rtm/rtm/device-periods', 'care_manager', body);
        const refused = async (res: Promise<{ body: { reason: string } }>) => (await res).body.reason;
        expect(await refused(periods({ ...period, start: '2026-03-02' }).expect(409))).toBe(
          'RTM_PERIOD_ID_REUSED',
        );
        expect(
          await refused(periods({ ...period, end: '2026-03-20', daysWithTransmittedData: 20 }).expect(409)),
        ).toBe('RTM_PERIOD_ID_REUSED');
        expect(await refused(periods({ ...period, daysWithTransmittedData: 19 }).expect(422))).toBe(
          'RTM_PERIOD_DAYS_DECREASED',
        );
        expect(
          await refused(
            periods({
              periodId: 'rtm-p2',
              start: '2026-03-20',
              end: '2026-03-19',
              daysWithTransmittedData: 0,
            }).expect(422),
          ),
        ).toBe('RTM_DATES_INVALID');
        expect(
          await refused(
            periods({ periodId: 'rtm-p2', start: '2026-03-15', daysWithTransmittedData: 1 }).expect(422),
          ),
        ).toBe('RTM_PERIODS_OVERLAP');
        expect(
          await refused(
            periods({ periodId: 'rtm-p2', start: '2026-04-01', daysWithTransmittedData: 0 }).expect(422),
          ),
        ).toBe('OCCURS_IN_FUTURE');
        expect(
          await refused(
            post('/patients/pt-rtm/rtm/enrolment', 'practitioner', {
              enrolledOn: '2026-03-05',
              orderingPractitionerId: 'dr-adams',
            }).expect(409),
          ),
        ).toBe('RTM_ALREADY_ENROLLED');
        await post('/patients/pt-rtm/rtm/enrolment', 'biller', {
          enrolledOn: '2026-03-01',
          orderingPractitionerId: 'dr-baker',
        }).expect(403);
      });
      await enrolledPatient(api, 'pt-rtm-refused', { consent: false });
      await expectStreamUnchanged(api, 'pt-rtm-refused', async () => {
        const enrol = (body: object) => post('/patients/pt-rtm-refused/rtm/enrolment', 'practitioner', body);
        const notOnRoster = await enrol({
          enrolledOn: '2026-03-01',
          orderingPractitionerId: 'rn-lopez',
        }).expect(422);
        expect(notOnRoster.body.reason).toBe('BILLING_PRACTITIONER_NOT_ON_ROSTER');
        const future = await enrol({ enrolledOn: '2026-04-01', orderingPractitionerId: 'dr-adams' }).expect(
          422,
        );
        expect(future.body.reason).toBe('OCCURS_IN_FUTURE');
        const noEpisode = await post(
          '/patients/pt-rtm-refused/rtm/device-periods',
          'care_manager',
          period,
        ).expect(422);
        expect(noEpisode.body.reason).toBe('RTM_NOT_ENROLLED');
        const noEnd = await post('/patients/pt-rtm-refused/rtm/end', 'care_manager', {
          endedOn: '2026-03-20',
          reason: 'therapy completed',
        }).expect(422);
        expect(noEnd.body.reason).toBe('RTM_NOT_ENROLLED');
      });
    });

    it('ends the RTM episode; the same end re-sent is already applied', async () => {
      const end = { endedOn: '2026-03-31', reason: 'therapy completed' };
      await post('/patients/pt-rtm/rtm/end', 'care_manager', end).expect(201);
      const repeat = await post('/patients/pt-rtm/rtm/end', 'care_manager', end);
      expect(repeat.headers['x-ccm-replayed']).toBe('true');
      expect((await typesOf('pt-rtm')).filter((t) => t === 'RtmEnded')).toHaveLength(1);
      // The episode overlapped March: still enrolled for it.
      expect((await month('pt-rtm', '2026-03')).billing.facts.rtm.enrolled).toBe(true);
    });
  });

  describe('behavioural health: /behavioral-health (APCM-8)', () => {
    const service = {
      serviceId: 'bh-1',
      serviceMonth: '2026-03',
      service: 'general_BHI',
      furnishedUnderPractitioner: 'dr-adams',
      activitiesDocumented: ['PHQ-9 screening', 'Behavioral health care plan revised'],
    };

    it('fills facts.behavioralHealth of its month; the same service re-sent is already applied', async () => {
      await enrolledPatient(api, 'pt-bh', { consent: false });
      await post('/patients/pt-bh/behavioral-health', 'care_manager', service).expect(201);
      const repeat = await post('/patients/pt-bh/behavioral-health', 'practitioner', service);
      expect(repeat.status).toBe(201);
      expect(repeat.headers['x-ccm-replayed']).toBe('true');
      expect((await typesOf('pt-bh')).filter((t) => t === 'BehavioralHealthServiceRecorded')).toHaveLength(1);
      const march = await month('pt-bh', '2026-03');
      expect(march.billing.facts.behavioralHealth).toEqual({
        service: 'general_BHI',
        furnishedUnderPractitioner: 'dr-adams',
        activitiesDocumented: ['PHQ-9 screening', 'Behavioral health care plan revised'],
      });
      // No APCM base by this practitioner this month: the add-on is refused by name (APCM-8).
      expect(reasonsOf(march)).toContain('APCM_ADDON_WITHOUT_SAME_PRACTITIONER_BASE:G0570');
    });

    it('answers 400 naming the fields at fault', async () => {
      await expectStreamUnchanged(api, 'pt-bh', async () => {
        const bad = await post('/patients/pt-bh/behavioral-health', 'practitioner', {
          ...service,
          serviceId: 'bh-9',
          serviceMonth: '2026-3',
          service: 'tarot',
          activitiesDocumented: [''],
        }).expect(400);
        expect(fieldsOf(bad.body)).toEqual(['activitiesDocumented', 'service', 'serviceMonth']);
        const tooMany = await post('/patients/pt-bh/behavioral-health', 'practitioner', {
          ...service,
          serviceId: 'bh-9',
          activitiesDocumented: Array.from({ length: 21 }, (_, i) => `activity ${i}`),
        }).expect(400);
        expect(fieldsOf(tooMany.body)).toEqual(['activitiesDocumented']);
      });
    });

    it('refuses what the rules forbid with stable codes, recording nothing', async () => {
      await expectStreamUnchanged(api, 'pt-bh', async () => {
        const record = (body: object, role: Role = 'practitioner') =>
          post('/patients/pt-bh/behavioral-health', role, body);
        const reused = await record({ ...service, activitiesDocumented: ['PHQ-9 screening'] }).expect(409);
        expect(reused.body.reason).toBe('BH_SERVICE_ID_REUSED');
        const notOnRoster = await record({
          ...service,
          serviceId: 'bh-2',
          furnishedUnderPractitioner: 'rn-lopez',
        }).expect(422);
        expect(notOnRoster.body.reason).toBe('PRACTITIONER_NOT_ON_ROSTER');
        expect(notOnRoster.body.details.fields).toEqual(['furnishedUnderPractitioner']);
        const future = await record({ ...service, serviceId: 'bh-2', serviceMonth: '2026-04' }).expect(422);
        expect(future.body.reason).toBe('OCCURS_IN_FUTURE');
        await record({ ...service, serviceId: 'bh-2' }, 'biller').expect(403);
      });
    });
  });

  describe('attempted claim lines: /months/{yyyy-mm}/attempted-claim-lines (SEL-6)', () => {
    /** Billable CCM in March: visit, consent, plan shared, 25 staff minutes (99490). */
    async function ccmPatient(patientId: string) {
      await enrolledPatient(api, patientId, { carePlan: true });
      await post(`/patients/${patientId}/initiating-visit`, 'practitioner', {
        visitDate: '2026-02-27',
        practitionerId: 'dr-adams',
        visitCode: '99214',
        ccmDiscussed: true,
      }).expect(201);
      await post(`/patients/${patientId}/care-plan/shares`, 'care_manager', {
        recipient: 'patient',
        method: 'portal',
        sharedOn: '2026-03-02',
      }).expect(201);
      await post(
        `/patients/${patientId}/time-entries`,
        'care_manager',
        timeEntryBody('e1', { serviceDate: '2026-03-10', minutes: 25 }),
      ).expect(201);
    }
    const attempt = { attemptId: 'a-1', lines: [{ code: '99424' }, { code: '99490', units: 1 }] };

    it('fills facts.attemptedClaimLines; a PCM line beside billed CCM is refused by name; a re-sent attempt is already applied', async () => {
      await ccmPatient('pt-attempt');
      await post('/patients/pt-attempt/months/2026-03/attempted-claim-lines', 'biller', attempt).expect(201);
      const repeat = await post(
        '/patients/pt-attempt/months/2026-03/attempted-claim-lines',
        'biller',
        attempt,
      );
      expect(repeat.status).toBe(201);
      expect(repeat.headers['x-ccm-replayed']).toBe('true');
      expect((await typesOf('pt-attempt')).filter((t) => t === 'ClaimLinesAttempted')).toHaveLength(1);
      const march = await month('pt-attempt', '2026-03');
      expect(march.billing.facts.attemptedClaimLines).toEqual([
        { code: '99424' },
        { code: '99490', units: 1 },
      ]);
      expect(march.billing.decision.codes).toEqual([{ code: '99490', units: 1 }]);
      expect(reasonsOf(march)).toContain('PCM_AND_CCM_SAME_PRACTITIONER:99424');
    });

    it('answers 400 naming the fields at fault, the month in the path included', async () => {
      await expectStreamUnchanged(api, 'pt-attempt', async () => {
        const bad = await post('/patients/pt-attempt/months/2026-03/attempted-claim-lines', 'biller', {
          attemptId: 'a-9',
          lines: [{ code: 'ABC' }, { code: '99490', units: 0 }],
        }).expect(400);
        expect(fieldsOf(bad.body)).toEqual(['lines.0.code', 'lines.1.units']);
        const none = await post('/patients/pt-attempt/months/2026-03/attempted-claim-lines', 'biller', {
          attemptId: 'a-9',
          lines: [],
        }).expect(400);
        expect(fieldsOf(none.body)).toEqual(['lines']);
        const badMonth = await post(
          '/patients/pt-attempt/months/March/attempted-claim-lines',
          'biller',
          attempt,
        ).expect(400);
        expect(fieldsOf(badMonth.body)).toEqual(['month']);
      });
    });

    it('refuses what the rules forbid with stable codes, recording nothing', async () => {
      await expectStreamUnchanged(api, 'pt-attempt', async () => {
        const reused = await post(
          '/patients/pt-attempt/months/2026-02/attempted-claim-lines',
          'biller',
          attempt,
        ).expect(409);
        expect(reused.body.reason).toBe('ATTEMPT_ID_REUSED');
        const future = await post('/patients/pt-attempt/months/2026-04/attempted-claim-lines', 'biller', {
          ...attempt,
          attemptId: 'a-2',
        }).expect(422);
        expect(future.body.reason).toBe('OCCURS_IN_FUTURE');
        await post('/patients/pt-attempt/months/2026-03/attempted-claim-lines', 'practitioner', {
          ...attempt,
          attemptId: 'a-2',
        }).expect(403);
      });
    });
  });
});
