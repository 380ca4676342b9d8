import type { EvidencePacket } from '@ccm/audit';
import { expectStreamUnchanged, startApi, type ApiHarness } from '../testing/api-harness';
import { enrolBody, registerPractices } from '../testing/fixtures';

const P = 'pt-ct';
const arrangement = {
  changeId: 'ah-1',
  effectiveOn: '2026-01-01',
  coveredBy: { staffIds: ['dr-adams', 'rn-lopez'], service: 'Riverside After-Hours Nurse Line' },
  means: ['phone_line', 'on_call_clinician'],
  recordAccess: true,
};

/** Continuity and 24/7 access, recorded through the api and read back from the month (issue 18). */
describe('care team and after-hours access', () => {
  let api: ApiHarness;
  let lastPosition = '';
  const as = (role: 'admin' | 'care_manager' | 'practitioner' | 'auditor', practiceId?: string) =>
    `Bearer ${api.token(role, practiceId)}`;
  const post = async (
    path: string,
    body: object,
    role: 'admin' | 'care_manager' | 'practitioner',
    status = 201,
  ) => {
    const res = await api.http.post(path).set('Authorization', as(role)).send(body).expect(status);
    if (res.headers['x-ccm-position']) lastPosition = res.headers['x-ccm-position'];
    return res;
  };
  /** Refused with this status (and reason, when given), the patient's stream unchanged. */
  const refused = (path: string, body: object, status: number, reason?: string) =>
    expectStreamUnchanged(api, P, async () => {
      const res = await post(path, body, 'practitioner', status);
      if (reason) expect(res.body.reason).toBe(reason);
    });

  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await post('/practices/riverside/after-hours-access', arrangement, 'admin');
    await post('/patients', { ...enrolBody(P), enrolledOn: '2026-01-05' }, 'admin');
  });
  afterAll(() => api.close());

  describe('designated care-team member', () => {
    const route = `/patients/${P}/designated-care-team-member`;
    it('assigns, then changes from a past date; a re-send is answered as already applied', async () => {
      await post(
        route,
        { designationId: 'd-1', memberId: 'rn-lopez', effectiveOn: '2026-01-05' },
        'care_manager',
      );
      const body = {
        designationId: 'd-2',
        memberId: 'ma-chen',
        effectiveOn: '2026-03-10',
        reason: 'panel change',
      };
      await post(route, body, 'care_manager');
      const replay = await post(route, body, 'care_manager');
      expect(replay.headers['x-ccm-replayed']).toBe('true');
      const events = await api.readPatientStream(P);
      expect(events.slice(-2).map((e) => [e.type, e.data.from, e.data.memberId])).toEqual([
        ['DesignatedCareTeamMemberAssigned', undefined, 'rn-lopez'],
        ['DesignatedCareTeamMemberChanged', 'rn-lopez', 'ma-chen'],
      ]);
    });
    it('refuses a member not on the roster and a date before enrolment (422), bad input (400), a reused id (409)', async () => {
      await refused(
        route,
        { memberId: 'rn-elsewhere', effectiveOn: '2026-03-01' },
        422,
        'CARE_TEAM_MEMBER_NOT_ON_ROSTER',
      );
      await refused(
        route,
        { memberId: 'rn-lopez', effectiveOn: '2026-01-04' },
        422,
        'EFFECTIVE_BEFORE_ENROLMENT',
      );
      await expectStreamUnchanged(api, P, async () => {
        const res = await post(
          route,
          { memberId: 'rn lopez', effectiveOn: '2026-13-01' },
          'care_manager',
          400,
        );
        expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
          'effectiveOn',
          'memberId',
        ]);
        const reused = await post(
          route,
          { designationId: 'd-1', memberId: 'ma-chen', effectiveOn: '2026-02-01' },
          'care_manager',
          409,
        );
        expect(reused.body.reason).toBe('DESIGNATION_ID_REUSED');
      });
    });
  });

  describe('24/7 access', () => {
    it('refuses an answering machine alone (422) and bad input (400), changing nothing', async () => {
      const before = (
        await api.http
          .get('/practices/riverside/after-hours-access')
          .set('Authorization', as('auditor'))
          .expect(200)
      ).body;
      const machine = await post(
        '/practices/riverside/after-hours-access',
        { ...arrangement, changeId: 'ah-2', means: ['answering_machine'] },
        'admin',
        422,
      );
      expect(machine.body.reason).toBe('AFTER_HOURS_MESSAGE_ONLY');
      const bad = await post(
        '/practices/riverside/after-hours-access',
        { ...arrangement, means: ['smoke_signals'], recordAccess: 'yes' },
        'admin',
        400,
      );
      expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
        'means',
        'recordAccess',
      ]);
      await post('/practices/lakeside/after-hours-access', arrangement, 'admin', 403);
      const after = (
        await api.http
          .get('/practices/riverside/after-hours-access')
          .set('Authorization', as('auditor'))
          .expect(200)
      ).body;
      expect(after).toEqual(before);
      expect(after).toEqual([
        expect.objectContaining({
          type: 'AfterHoursAccessArranged',
          recordedBy: 'admin-user',
          description:
            'After-hours access arranged from 2026-01-01: phone line, on call clinician, covered by dr-adams, rn-lopez, Riverside After-Hours Nurse Line; with access to the record',
        }),
      ]);
    });
  });

  describe('after-hours contacts', () => {
    it('records a contact as after hours, and refuses a flag that is not a boolean', async () => {
      const contact = {
        contactId: 'c-night',
        channel: 'phone',
        direction: 'inbound',
        party: 'patient',
        occurredAt: '2026-03-14T23:40',
        outcome: 'completed',
        summary: 'Dizziness; on-call nurse advised.',
        afterHours: true,
      };
      await post(`/patients/${P}/contacts`, contact, 'care_manager');
      const [last] = (await api.readPatientStream(P)).slice(-1);
      expect(last.data).toMatchObject({ contactId: 'c-night', afterHours: true });
      await refused(`/patients/${P}/contacts`, { ...contact, contactId: 'c-2', afterHours: 'yes' }, 400);
    });
  });

  it('the month document and the evidence packet answer who was designated and how the patient reached the team at night', async () => {
    const month = await api.http
      .get(`/patients/${P}/months/2026-03`)
      .set('Authorization', as('auditor'))
      .set('X-CCM-Min-Position', lastPosition)
      .expect(200);
    expect(month.body.designatedCareTeamMember).toEqual({
      asOfMonthEnd: { memberId: 'ma-chen', effectiveOn: '2026-03-10' },
      changesInMonth: [
        expect.objectContaining({ memberId: 'ma-chen', from: 'rn-lopez', effectiveOn: '2026-03-10' }),
      ],
    });
    expect(month.body.afterHoursAccess).toMatchObject({
      withRecordAccessWholeMonth: true,
      periods: [{ from: '2026-03-01', until: '2026-03-31', changeId: 'ah-1' }],
    });
    const packet = (
      await api.http
        .get(`/patients/${P}/months/2026-03/evidence`)
        .set('Authorization', as('auditor'))
        .set('X-Purpose-Of-Use', 'audit')
        .expect(200)
    ).body as EvidencePacket;
    expect(packet.careTeamAndAccess.designatedCareTeamMember.asOfMonthEnd?.memberId).toBe('ma-chen');
    expect(packet.careTeamAndAccess.afterHoursAccess.withRecordAccessWholeMonth).toBe(true);
    expect(packet.careTeamAndAccess.afterHoursContacts.map((c) => c.contactId)).toEqual(['c-night']);
    const february = (
      await api.http
        .get(`/patients/${P}/months/2026-02/evidence`)
        .set('Authorization', as('auditor'))
        .set('X-Purpose-Of-Use', 'audit')
        .expect(200)
    ).body as EvidencePacket;
    expect(february.careTeamAndAccess.designatedCareTeamMember).toEqual({
      asOfMonthEnd: { memberId: 'rn-lopez', effectiveOn: '2026-01-05' },
      changesInMonth: [],
    });
  });

  it('answers a month with the access arrangement as the practice records it now, also when recorded after the month', async () => {
    // Months of March are derived already; the practice then records, late, that from 15 March its
    // after-hours coverer could not see the record.
    await post(
      '/practices/riverside/after-hours-access',
      { ...arrangement, changeId: 'ah-2', effectiveOn: '2026-03-15', recordAccess: false },
      'admin',
    );
    const month = await api.http
      .get(`/patients/${P}/months/2026-03`)
      .set('Authorization', as('auditor'))
      .set('X-CCM-Min-Position', lastPosition)
      .expect(200);
    expect(month.body.afterHoursAccess).toMatchObject({
      withRecordAccessWholeMonth: false,
      periods: [
        { from: '2026-03-01', until: '2026-03-14', changeId: 'ah-1' },
        { from: '2026-03-15', until: '2026-03-31', changeId: 'ah-2' },
      ],
    });
  });
});
