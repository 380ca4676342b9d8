import { startApi, type ApiHarness } from '../testing/api-harness';
import { enrolledPatient, registerPractices, timeEntryBody } from '../testing/fixtures';

/**
 * DOC-8, CONS-6, CLAIM-4: a month replayed at instants around its claim and around a withdrawal recorded
 * after the claim but dated before it (a backdated revocation): what an auditor would have seen then.
 */
describe('history as of an instant around a claim and a backdated withdrawal', () => {
  let api: ApiHarness;
  const RECORDED_TIME = '2026-03-12T15:00:00Z';
  const SUBMITTED = '2026-03-31T17:00:00Z';
  const WITHDRAWAL_RECORDED = '2026-04-03T15:00:00Z';

  beforeAll(async () => {
    api = await startApi({ now: '2026-03-02T18:00:00Z' });
    await registerPractices(api);
    await enrolledPatient(api, 'pt-h', { carePlan: true });
    await api.http
      .post('/patients/pt-h/initiating-visit')
      .set('Authorization', `Bearer ${api.token('practitioner')}`)
      .send({ visitDate: '2026-02-27', practitionerId: 'dr-adams', visitCode: '99214', ccmDiscussed: true })
      .expect(201);
    await api.http
      .post('/patients/pt-h/care-plan/shares')
      .set('Authorization', `Bearer ${api.token('care_manager')}`)
      .send({ recipient: 'patient', method: 'portal', sharedOn: '2026-03-02' })
      .expect(201);
    api.clock.set(RECORDED_TIME);
    for (const [entryId, serviceDate, minutes] of [
      ['h1', '2026-03-03', 12],
      ['h2', '2026-03-10', 14],
    ] as const) {
      await api.http
        .post('/patients/pt-h/time-entries')
        .set('Authorization', `Bearer ${api.token('care_manager')}`)
        .send(timeEntryBody(entryId, { serviceDate, minutes }))
        .expect(201);
    }
    api.clock.set(SUBMITTED);
    await api.http
      .post('/patients/pt-h/months/2026-03/claim')
      .set('Authorization', `Bearer ${api.token('biller')}`)
      .expect(201);
    api.clock.set(WITHDRAWAL_RECORDED);
    await api.http
      .post('/patients/pt-h/consent/withdrawal')
      .set('Authorization', `Bearer ${api.token('care_manager')}`)
      .send({ withdrawnAt: '2026-03-05T09:00', reason: 'Patient called on the 5th; noted late' })
      .expect(201);
  });
  afterAll(() => api?.close());

  const history = async (asOf: string) =>
    (
      await api.http
        .get(`/patients/pt-h/history?asOf=${asOf}&month=2026-03`)
        .set('Authorization', `Bearer ${api.token('auditor')}`)
        .set('X-Purpose-Of-Use', 'audit')
        .expect(200)
    ).body;

  it('before the time was recorded: consent in force, nothing to bill yet, no claim', async () => {
    const then = await history('2026-03-10T00:00:00Z');
    expect(then.record.timeEntries).toEqual([]);
    expect(then.month).toMatchObject({ asOf: { status: 'not_billable', codes: [] }, asBilled: null });
  });

  it('between the time and the claim: billable as of then, not billed yet', async () => {
    const then = await history('2026-03-20T00:00:00Z');
    expect(then.record.timeEntries.map((e: { entryId: string }) => e.entryId)).toEqual(['h1', 'h2']);
    expect(then.month).toMatchObject({
      asOf: { status: 'billable', codes: [{ code: '99490', units: 1 }] },
      asBilled: null,
      differences: [],
    });
    // Not billed by then, but what was recorded since (the backdated withdrawal) changed the month.
    expect(then.month.changedSinceAsOf).toEqual(
      expect.arrayContaining(['codes: 99490x1 -> none', 'status: billable -> not_billable']),
    );
  });

  it('after the claim, before the withdrawal was recorded: billed as it stood, consent not yet withdrawn', async () => {
    const then = await history('2026-04-01T00:00:00Z');
    const consent = then.record.consents.find((c: { program: string }) => c.program === 'CCM');
    expect(consent.withdrawnAt ?? null).toBeNull();
    expect(then.month).toMatchObject({
      asOf: { status: 'billable', codes: [{ code: '99490', units: 1 }] },
      asBilled: {
        status: 'billable',
        codes: [{ code: '99490', units: 1 }],
        submittedAt: '2026-03-31T17:00:00.000Z',
      },
    });
  });

  it('once the backdated withdrawal is recorded: time after the 5th no longer counts, the claim is amended', async () => {
    const then = await history('2026-04-04T00:00:00Z');
    const consent = then.record.consents.find((c: { program: string }) => c.program === 'CCM');
    expect(consent.withdrawnAt).toBe('2026-03-05T09:00');
    expect(then.month.asOf).toMatchObject({ status: 'not_billable', codes: [] });
    expect(then.month.asOf.notBillable).toEqual(expect.arrayContaining([expect.stringMatching(/h2/)]));
    expect(then.month.asBilled).toMatchObject({ codes: [{ code: '99490', units: 1 }] });
    expect(then.month.asNow).toMatchObject({ status: 'not_billable', codes: [] });
    expect(then.month.differences).toEqual(
      expect.arrayContaining(['codes: 99490x1 -> none', 'status: billable -> not_billable']),
    );
    // Nothing recorded since then changes the month.
    expect(then.month.changedSinceAsOf).toEqual([]);
  });

  it('the evidence packet of the month shows the withdrawal with when it was recorded', async () => {
    const packet = (
      await api.http
        .get('/patients/pt-h/months/2026-03/evidence')
        .set('Authorization', `Bearer ${api.token('auditor')}`)
        .expect(200)
    ).body;
    expect(packet.consent.governing.withdrawal).toMatchObject({
      withdrawnAt: '2026-03-05T09:00',
      reason: 'Patient called on the 5th; noted late',
      recorded: { recordedAt: '2026-04-03T15:00:00.000Z', recordedBy: 'rn-lopez' },
    });
    expect(packet.amendment).toMatchObject({ amendedAfterSubmission: true });
  });
});
