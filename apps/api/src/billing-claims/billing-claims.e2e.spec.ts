import { AccessLog } from '@ccm/audit';
import { practiceStreamId } from '@ccm/domain';
import { read837p, type ClaimFile } from '@ccm/interop';
import { readWholeStream } from '@ccm/record';
import { startReadApi, type ReadApiHarness } from '../read-models/testing/read-api-harness';
import { registerPractices } from '../testing/fixtures';
import { billableInMarch, billingSetupBody, recordDemographics } from './testing/claim-scenario';

/** Issue 19: the claim file a biller loads, from the billing setup, demographics and billable months. */
describe('claim file through the api: billing setup, then JSON, CSV and 837P', () => {
  let api: ReadApiHarness;
  const postSetup = (body: object, role: 'admin' | 'biller' = 'admin') =>
    api.http
      .post('/practices/riverside/billing-setup')
      .set('Authorization', `Bearer ${api.token(role)}`)
      .send(body);
  const claims = (query: string, role: 'biller' | 'admin' | 'care_manager' = 'biller') =>
    api.get(`/billing/months/2026-03/claims${query}`, role).set('X-Purpose-Of-Use', 'payment');
  const practiceStream = async () =>
    (await readWholeStream(api.store, practiceStreamId('riverside'))).map((e) => e.id);
  const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field);

  beforeAll(async () => {
    api = await startReadApi();
    await registerPractices(api);
    await billableInMarch(api, 'pt-1', 24);
    await billableInMarch(api, 'pt-2', 48);
    await billableInMarch(api, 'pt-3', 24);
    await recordDemographics(api, 'pt-1');
    await recordDemographics(api, 'pt-2', { mbi: '9AC0D12EF34', sex: 'male' });
    await api.caughtUp();
  }, 120_000);
  afterAll(() => api?.close());

  it('refuses the claim file while no billing setup is in force (422)', async () => {
    const res = await claims('?format=837p').expect(422);
    expect(res.body.reason).toBe('BILLING_SETUP_MISSING');
  });

  it('answers 400 naming the fields of a bad setup, 403 to a biller, and records nothing', async () => {
    const before = await practiceStream();
    const bad = await postSetup(
      billingSetupBody({
        billingProvider: { ...billingSetupBody().billingProvider, npi: '1245319590', taxId: '12-345' },
        placeOfService: '1',
        fees: [{ code: '9949', chargeCents: -5 }],
      }),
    ).expect(400);
    expect(fieldsOf(bad.body).sort()).toEqual([
      'billingProvider.npi',
      'billingProvider.taxId',
      'fees.0.chargeCents',
      'fees.0.code',
      'placeOfService',
    ]);
    expect(JSON.stringify(bad.body)).not.toContain('1245319590');
    await postSetup(billingSetupBody(), 'biller').expect(403);
    expect(await practiceStream()).toEqual(before);
  });

  it('records a setup; a re-send is replayed and another setup under its id is a conflict', async () => {
    const res = await postSetup(billingSetupBody()).expect(201);
    expect(res.body.setupId).toBe('bs-jan');
    const events = await readWholeStream(api.store, practiceStreamId('riverside'));
    expect(events.at(-1)).toMatchObject({
      type: 'BillingSetupRecorded',
      data: { setupId: 'bs-jan', billingProvider: { taxId: '123456789' }, recordedBy: 'admin-user' },
    });
    const again = await postSetup(billingSetupBody()).expect(201);
    expect(again.headers['x-ccm-replayed']).toBe('true');
    const conflict = await postSetup(billingSetupBody({ placeOfService: '22' })).expect(409);
    expect(conflict.body.reason).toBe('BILLING_SETUP_ID_REUSED');
  });

  it('lists a month without demographics or without a fee for a billed code under notReady', async () => {
    await api.caughtUp();
    const res = await claims('').expect(200);
    const file = JSON.parse(res.text) as ClaimFile;
    expect(res.headers['x-ccm-claims-not-ready']).toBe('2');
    expect(file.claims.map((c) => c.patientId)).toEqual(['pt-1']);
    expect(file.notReady).toEqual([
      { patientId: 'pt-2', serviceMonth: '2026-03', reasons: ['FEE_MISSING'], codesWithoutFee: ['99439'] },
      { patientId: 'pt-3', serviceMonth: '2026-03', reasons: ['NO_DEMOGRAPHICS'] },
    ]);
  });

  it('serves the same service lines as JSON, CSV and 837P, charged from the setup in force', async () => {
    const fees = [
      { code: '99490', chargeCents: 9900 },
      { code: '99439', chargeCents: 7500 },
    ];
    await postSetup(billingSetupBody({ setupId: 'bs-mar', effectiveFrom: '2026-03-01', fees })).expect(201);
    const setup = await api.get('/practices/riverside/billing-setup?on=2026-03-31').expect(200);
    expect(setup.body.inForce).toMatchObject({ setupId: 'bs-mar' });
    expect(setup.body.setups).toHaveLength(2);
    await api.caughtUp();
    const json = JSON.parse((await claims('?format=json').expect(200)).text) as ClaimFile;
    expect(json.notReady.map((n) => n.patientId)).toEqual(['pt-3']);
    const pt2 = json.claims.find((c) => c.patientId === 'pt-2');
    expect(pt2?.lines.map((l) => [l.code, l.units, l.chargeCents])).toEqual([
      ['99490', 1, 9900],
      ['99439', 1, 7500],
    ]);
    expect(pt2?.patient).toMatchObject({ mbi: '9AC0D12EF34', sex: 'male' });
    const lines = json.claims.flatMap((c) =>
      c.lines.map((l) => ({
        claimId: c.claimId,
        lineNumber: l.lineNumber,
        code: l.code,
        units: l.units,
        chargeCents: l.chargeCents,
        dateOfService: l.dateOfService,
        diagnosisPointers: l.diagnosisPointers,
        billingNpi: l.billingNpi,
        renderingNpi: l.renderingNpi,
      })),
    );
    expect(lines.every((l) => l.dateOfService === '2026-03-31' && l.renderingNpi === '1234567893')).toBe(
      true,
    );

    const x12 = await claims('?format=837p').expect(200);
    expect(x12.headers['content-type']).toBe('application/edi-x12');
    expect(x12.headers['content-disposition']).toBe('attachment; filename="claims-2026-03-g1.x12"');
    const edi = x12.text ?? (x12.body as Buffer).toString('utf8');
    expect(read837p(edi).lines).toEqual(lines);

    const csv = await claims('?format=csv').expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = csv.text.trimEnd().split('\r\n');
    const columns = header.split(',');
    // No field of these patients needs quoting, so a split is enough here (quoting: claim-formats spec).
    const fromCsv = rows.map((row) => {
      const cells = row.split(',');
      const cell = (name: string) => cells[columns.indexOf(name)];
      return [cell('claimId'), cell('code'), Number(cell('units')), Number(cell('chargeCents'))];
    });
    expect(fromCsv).toEqual(lines.map((l) => [l.claimId, l.code, l.units, l.chargeCents]));
  });

  it('makes the same 837P again for one generation, and new control numbers for the next', async () => {
    const first = (await claims('?format=837p').expect(200)).text;
    expect((await claims('?format=837p&generation=1').expect(200)).text).toBe(first);
    const second = read837p((await claims('?format=837p&generation=2').expect(200)).text);
    expect(second.interchange.header.valueOf(13)).toBe('260300002');
  });

  it('logs the read in the access stream of each patient the file carries', async () => {
    const log = new AccessLog(api.store, api.clock);
    for (const patientId of ['pt-1', 'pt-2', 'pt-3']) {
      const reads = await log.readsOf('riverside', patientId);
      expect(reads.some((r) => r.data.what === 'GET /billing/months/:month/claims')).toBe(true);
      expect(reads.at(-1)?.data).toMatchObject({ actorId: 'biller-user', purpose: 'payment', patientId });
    }
  });

  it('answers 400 to a bad format or generation and 403 to roles other than biller and admin', async () => {
    const format = await claims('?format=xlsx').expect(400);
    expect(format.body.fields).toEqual([{ field: 'format', errors: ['must be json, csv or 837p'] }]);
    const generation = await claims('?generation=0').expect(400);
    expect(fieldsOf(generation.body)).toEqual(['generation']);
    await claims('', 'care_manager').expect(403);
    await claims('?format=csv', 'admin').expect(200);
    await api.get('/billing/months/1999-01/claims').expect(422);
  });
});
