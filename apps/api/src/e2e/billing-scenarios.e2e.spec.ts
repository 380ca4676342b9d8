import { reasonKey, type NotBillable } from '@ccm/billing';
import { SqliteEventStore, type EventStore } from '@ccm/event-store';
import { EventStoreDbEventStore } from '@ccm/event-store/eventstoredb';
import { ProtocolTestServer } from '@ccm/event-store/eventstoredb/testing/protocol-test-server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { billingExportCommand } from '../../../cli/src/commands/billing-export';
import { startReadApi, type ReadApiHarness } from '../read-models/testing/read-api-harness';
import { DEFAULT_NOW, PRACTICE_ID } from '../testing/api-harness';
import {
  carePlanElements,
  consentBody,
  enrolBody,
  practiceBody,
  registerPractices,
  timeEntryBody,
} from '../testing/fixtures';

/**
 * Issue #5, end to end: patient-months driven through the HTTP api as a practice would, then the same
 * month read three ways (the billable-months read model, the billing job's lines and the CLI export run
 * against the same store), which must agree on status, codes, units and reasons.
 */

type Role = 'admin' | 'practitioner' | 'care_manager' | 'biller';

interface ExportJsonRow {
  patientId: string;
  serviceMonth: string;
  status: string;
  billingPractitionerNpi: string;
  codes: string;
  diagnosisCodes: string;
  dateOfService: string;
  estimatedAllowedCents: number;
  submitted: boolean;
  amendedAfterSubmission: boolean;
  reasons: string;
}

interface BillingLineBody {
  patientId: string;
  status: string;
  codes: { code: string; units: number }[];
  notBillable: NotBillable[];
  claim: { codes: { code: string; units: number }[] } | null;
  amendedAfterSubmission: boolean;
  billingPractitionerNpi: string | null;
  diagnosisCodes: string[];
  dateOfService: string | null;
  estimatedAllowedCents: number;
  thresholdReachedOn: string | null;
}

/** One patient-month as the three outputs show it, reduced to what they must agree on. */
interface Agreed {
  status: string;
  codes: string;
  reasons: string[];
  amendedAfterSubmission: boolean;
}

const codesText = (codes: readonly { code: string; units: number }[]) =>
  codes
    .map((c) => `${c.code}x${c.units}`)
    .sort()
    .join(';');

describe('billing scenarios end to end: api -> billable months -> billing job -> export', () => {
  let api: ReadApiHarness;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  const post = (path: string, role: Role, body: object = {}) =>
    api.http
      .post(path)
      .set('Authorization', `Bearer ${api.token(role)}`)
      .send(body);

  async function enrol(patientId: string): Promise<void> {
    await post('/patients', 'admin', enrolBody(patientId)).expect(201);
  }
  async function consent(patientId: string, obtainedAt = '2026-03-02T10:15'): Promise<void> {
    await post(`/patients/${patientId}/consent`, 'practitioner', consentBody({ obtainedAt })).expect(201);
  }
  /** INIT-1..4: the patient was never seen by dr-adams, so a qualifying visit (99214, CCM discussed). */
  async function initiatingVisit(patientId: string, visitDate = '2026-02-27'): Promise<void> {
    await post(`/patients/${patientId}/initiating-visit`, 'practitioner', {
      visitDate,
      practitionerId: 'dr-adams',
      visitCode: '99214',
      ccmDiscussed: true,
    }).expect(201);
  }
  /** PLAN-1..5: established by the billing practitioner, a copy given to the patient. */
  async function carePlan(patientId: string, establishedOn = '2026-03-02'): Promise<void> {
    await post(`/patients/${patientId}/care-plan`, 'practitioner', {
      elements: carePlanElements,
      establishedOn,
    }).expect(201);
    await post(`/patients/${patientId}/care-plan/shares`, 'care_manager', {
      recipient: 'patient',
      method: 'portal',
      sharedOn: establishedOn,
    }).expect(201);
  }
  /** Enrolled, visited, consented, with a care plan in force: everything but time. */
  async function readyForCcm(
    patientId: string,
    options: { consentAt?: string; visitDate?: string; planOn?: string; plan?: boolean } = {},
  ): Promise<void> {
    await enrol(patientId);
    await initiatingVisit(patientId, options.visitDate);
    await consent(patientId, options.consentAt);
    if (options.plan ?? true) await carePlan(patientId, options.planOn);
  }
  /** Time entries as [entryId, serviceDate, startTime, minutes], by the care manager (RN, clinical staff). */
  async function logTime(
    patientId: string,
    entries: readonly (readonly [string, string, string, number])[],
  ): Promise<void> {
    for (const [entryId, serviceDate, startTime, minutes] of entries) {
      await post(
        `/patients/${patientId}/time-entries`,
        'care_manager',
        timeEntryBody(entryId, { serviceDate, startTime, minutes }),
      ).expect(201);
    }
  }

  async function exportRows(month: string, format: 'csv' | 'json', extra: string[] = []): Promise<string> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: Buffer[] = [];
    stdout.on('data', (c: Buffer) => out.push(c));
    stderr.resume();
    const code = await billingExportCommand.run(
      ['--month', month, '--practice', PRACTICE_ID, '--format', format, ...extra],
      { stdin: Readable.from([]), stdout, stderr, env },
    );
    expect(code).toBe(0);
    return Buffer.concat(out).toString('utf8');
  }

  async function billingLines(month: string, status = 'all', query = ''): Promise<BillingLineBody[]> {
    const items: BillingLineBody[] = [];
    let cursor: string | undefined;
    do {
      const res = await api
        .get(
          `/billing/months/${month}?status=${status}&limit=100${cursor ? `&cursor=${cursor}` : ''}${query}`,
          'biller',
        )
        .expect(200);
      items.push(...(res.body.items as BillingLineBody[]));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    return items;
  }

  /**
   * The month three ways, asserted to agree: (a) the patient's month document, (b) its billing line (listed
   * under `all` and under its own status, not the other), (c) the CLI export row (JSON; the CSV is checked
   * against it once, in the last test).
   */
  async function threeWays(
    patientId: string,
    month = '2026-03',
  ): Promise<Agreed & { line: BillingLineBody }> {
    await api.caughtUp();
    const doc = (await api.get(`/patients/${patientId}/months/${month}`, 'biller').expect(200)).body;
    const fromDocument: Agreed = {
      status: doc.billing.status,
      codes: codesText(doc.billing.decision?.codes ?? []),
      reasons: ((doc.billing.decision?.notBillable ?? []) as NotBillable[]).map(reasonKey).sort(),
      amendedAfterSubmission:
        doc.claim !== null && codesText(doc.claim.codes) !== codesText(doc.billing.decision?.codes ?? []),
    };

    const line = (await billingLines(month)).find((l) => l.patientId === patientId);
    expect(line).toBeDefined();
    const fromLine: Agreed = {
      status: line!.status,
      codes: codesText(line!.codes),
      reasons: line!.notBillable.map(reasonKey).sort(),
      amendedAfterSubmission: line!.amendedAfterSubmission,
    };
    const own = line!.status === 'billable' ? 'billable' : 'not-billable';
    const other = own === 'billable' ? 'not-billable' : 'billable';
    expect((await billingLines(month, own)).some((l) => l.patientId === patientId)).toBe(true);
    expect((await billingLines(month, other)).some((l) => l.patientId === patientId)).toBe(false);

    const json = (JSON.parse(await exportRows(month, 'json')) as ExportJsonRow[]).find(
      (r) => r.patientId === patientId,
    );
    expect(json).toBeDefined();
    const fromExport: Agreed = {
      status: json!.status,
      codes: json!.codes,
      reasons: json!.reasons === '' ? [] : json!.reasons.split(';').sort(),
      amendedAfterSubmission: json!.amendedAfterSubmission,
    };
    expect(fromLine).toEqual(fromDocument);
    expect(fromExport).toEqual(fromDocument);
    // The api line carries what the export prints for a claim, from the read model alone.
    expect({
      npi: line!.billingPractitionerNpi ?? '',
      diagnosisCodes: line!.diagnosisCodes.join(';'),
      dateOfService: line!.dateOfService ?? '',
      estimatedAllowedCents: line!.estimatedAllowedCents,
      submitted: line!.claim !== null,
    }).toEqual({
      npi: json!.billingPractitionerNpi,
      diagnosisCodes: json!.diagnosisCodes,
      dateOfService: json!.dateOfService,
      estimatedAllowedCents: json!.estimatedAllowedCents,
      submitted: json!.submitted,
    });
    return { ...fromDocument, line: line! };
  }

  let esdb: ProtocolTestServer | undefined;

  /** The CLI opens the store the api writes to from its own configuration, as in production. */
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-billing-scenarios-'));
    let store: EventStore;
    if (process.env.CCM_TEST_EVENT_STORE === 'eventstoredb') {
      esdb = await ProtocolTestServer.start();
      store = new EventStoreDbEventStore({ connectionString: esdb.connectionString });
      env = {
        CCM_DATA_DIR: dir,
        EVENT_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: esdb.connectionString,
      };
    } else {
      store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 50 });
      env = { CCM_DATA_DIR: dir, CCM_SQLITE_SYNCHRONOUS: 'FULL' };
    }
    api = await startReadApi({ readModels: 'sqlite', store });
    await registerPractices(api);
  }, 30_000);
  afterAll(async () => {
    await api?.close();
    await esdb?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('TIME-1, TIME-15: an entry across midnight at month end is split; each month counts only its own minutes', async () => {
    // Recorded as it happened: enrolled (conditions attested) in February, the night call logged on 1 March.
    api.clock.set('2026-02-10T15:00:00Z');
    await enrol('pt-boundary');
    api.clock.set('2026-02-13T18:00:00Z');
    await initiatingVisit('pt-boundary', '2026-02-13');
    api.clock.set('2026-02-16T16:00:00Z');
    await consent('pt-boundary', '2026-02-16T09:00');
    await carePlan('pt-boundary', '2026-02-16');
    api.clock.set('2026-02-20T17:00:00Z');
    await logTime('pt-boundary', [['feb', '2026-02-20', '10:00', 12]]);
    api.clock.set('2026-03-01T15:00:00Z');
    await logTime('pt-boundary', [['night', '2026-02-28', '23:50', 20]]);
    api.clock.set('2026-03-09T17:00:00Z');
    await logTime('pt-boundary', [['mar', '2026-03-09', '10:00', 10]]);
    api.clock.set(DEFAULT_NOW);
    const february = await threeWays('pt-boundary', '2026-02');
    expect(february).toMatchObject({ status: 'billable', codes: '99490x1' });
    expect(february.reasons).toContain('TIME_OUTSIDE_SERVICE_MONTH_EXCLUDED:night(10 of 20 minutes)');
    expect(february.line).toMatchObject({ dateOfService: '2026-02-28', thresholdReachedOn: '2026-02-28' });
    const march = await threeWays('pt-boundary', '2026-03');
    expect(march).toMatchObject({ status: 'billable', codes: '99490x1' });
    expect(march.reasons).toContain('TIME_OUTSIDE_SERVICE_MONTH_EXCLUDED:night(10 of 20 minutes)');
    expect(march.line.thresholdReachedOn).toBe('2026-03-09');
  });

  it('TIME-2, CODE-1, CODE-9: exactly 20 minutes bills 99490 x1 with its claim fields', async () => {
    await readyForCcm('pt-t20');
    await logTime('pt-t20', [
      ['a', '2026-03-03', '10:00', 12],
      ['b', '2026-03-06', '10:00', 8],
    ]);
    const month = await threeWays('pt-t20');
    expect(month).toMatchObject({ status: 'billable', codes: '99490x1' });
    expect(month.reasons).toEqual([]);
    expect(month.line).toMatchObject({
      billingPractitionerNpi: '1234567893',
      diagnosisCodes: ['E11.9', 'I10'],
      dateOfService: '2026-03-31',
    });
    expect(month.line.estimatedAllowedCents).toBeGreaterThan(0);
    const threshold = await billingLines('2026-03', 'billable', '&dateOfService=threshold');
    expect(threshold.find((l) => l.patientId === 'pt-t20')?.dateOfService).toBe('2026-03-06');
    const bad = await api.get('/billing/months/2026-03?dateOfService=first-visit', 'biller').expect(400);
    expect(bad.body.fields).toEqual([{ field: 'dateOfService', errors: ['must be month-end or threshold'] }]);
    const exported = JSON.parse(
      await exportRows('2026-03', 'json', ['--date-of-service', 'threshold']),
    ) as ExportJsonRow[];
    expect(exported.find((r) => r.patientId === 'pt-t20')?.dateOfService).toBe('2026-03-06');
  });

  it('TIME-2: 19 minutes bills nothing (TIME_BELOW_THRESHOLD:99490), with no date of service or amount', async () => {
    await readyForCcm('pt-t19');
    await logTime('pt-t19', [
      ['a', '2026-03-03', '10:00', 12],
      ['b', '2026-03-06', '10:00', 7],
    ]);
    const month = await threeWays('pt-t19');
    expect(month).toMatchObject({ status: 'not_billable', codes: '' });
    expect(month.reasons).toContain('TIME_BELOW_THRESHOLD:99490');
    expect(month.line).toMatchObject({ dateOfService: null, estimatedAllowedCents: 0 });
  });

  it('CODE-2, CODE-9, SEL-3: 75 minutes bill 99490 + 99439 x2, the rest refused at the two-unit cap', async () => {
    await readyForCcm('pt-cap');
    await logTime('pt-cap', [
      ['a', '2026-03-03', '09:00', 20],
      ['b', '2026-03-10', '09:00', 20],
      ['c', '2026-03-17', '09:00', 20],
      ['d', '2026-03-24', '09:00', 15],
    ]);
    const month = await threeWays('pt-cap');
    expect(month).toMatchObject({ status: 'billable', codes: '99439x2;99490x1' });
    expect(month.reasons).toEqual(['ADDON_UNIT_CAP_REACHED:99439']);
  });

  it('CODE-3, CODE-5, SEL-5: complex track with high MDM and 95 minutes bills 99487 + 99489', async () => {
    await readyForCcm('pt-complex');
    await post('/patients/pt-complex/track-policy', 'practitioner', {
      fromMonth: '2026-03',
      preferred: 'ccm_complex_staff',
      fallback: 'ccm_noncomplex_staff',
      reason: 'frequent medication changes',
    }).expect(201);
    await post('/patients/pt-complex/medical-decision-making', 'practitioner', {
      serviceMonth: '2026-03',
      level: 'high',
    }).expect(201);
    await logTime('pt-complex', [
      ['a', '2026-03-03', '09:00', 45],
      ['b', '2026-03-12', '09:00', 30],
      ['c', '2026-03-20', '14:00', 20],
    ]);
    const month = await threeWays('pt-complex');
    expect(month).toMatchObject({ status: 'billable', codes: '99487x1;99489x1' });
  });

  it('CODE-3, SEL-4: complex track with moderate MDM but 59 minutes falls back to 99490 + 99439', async () => {
    await readyForCcm('pt-complex-59');
    await post('/patients/pt-complex-59/track-policy', 'practitioner', {
      fromMonth: '2026-03',
      preferred: 'ccm_complex_staff',
      fallback: 'ccm_noncomplex_staff',
      reason: 'heart failure with recent admission',
    }).expect(201);
    await post('/patients/pt-complex-59/medical-decision-making', 'practitioner', {
      serviceMonth: '2026-03',
      level: 'moderate',
    }).expect(201);
    await logTime('pt-complex-59', [
      ['a', '2026-03-04', '09:00', 30],
      ['b', '2026-03-18', '09:00', 29],
    ]);
    const month = await threeWays('pt-complex-59');
    expect(month).toMatchObject({ status: 'billable', codes: '99439x1;99490x1' });
    expect(month.reasons).toContain('COMPLEX_TIME_BELOW_THRESHOLD:99487');
  });

  it('CODE-3: complex track with 65 minutes and low MDM and no fallback bills nothing (COMPLEX_MDM_NOT_MET)', async () => {
    await readyForCcm('pt-complex-low');
    await post('/patients/pt-complex-low/track-policy', 'practitioner', {
      fromMonth: '2026-03',
      preferred: 'ccm_complex_staff',
      fallback: null,
      reason: 'complex by default',
    }).expect(201);
    await post('/patients/pt-complex-low/medical-decision-making', 'practitioner', {
      serviceMonth: '2026-03',
      level: 'low',
    }).expect(201);
    await logTime('pt-complex-low', [
      ['a', '2026-03-04', '09:00', 35],
      ['b', '2026-03-18', '09:00', 30],
    ]);
    const month = await threeWays('pt-complex-low');
    expect(month).toMatchObject({ status: 'not_billable', codes: '' });
    expect(month.reasons).toContain('COMPLEX_MDM_NOT_MET:99487');
  });

  it('CONS-1, TIME-8: minutes before the consent instant never count, compared by time not date', async () => {
    await readyForCcm('pt-consent', { consentAt: '2026-03-15T10:00', planOn: '2026-03-15' });
    await logTime('pt-consent', [
      ['e1', '2026-03-10', '09:00', 15],
      ['e2', '2026-03-15', '09:30', 5],
      ['e3', '2026-03-20', '10:00', 22],
    ]);
    const month = await threeWays('pt-consent');
    expect(month).toMatchObject({ status: 'billable', codes: '99490x1' });
    expect(month.reasons).toEqual(
      expect.arrayContaining(['TIME_BEFORE_CONSENT_EXCLUDED:e1', 'TIME_BEFORE_CONSENT_EXCLUDED:e2']),
    );
  });

  it('CONS-6, CONS-7: consent withdrawn mid-month keeps the month, minutes after the withdrawal excluded', async () => {
    await readyForCcm('pt-withdrawn');
    await logTime('pt-withdrawn', [
      ['a', '2026-03-05', '09:00', 21],
      ['b', '2026-03-20', '09:00', 15],
    ]);
    await post('/patients/pt-withdrawn/consent/withdrawal', 'practitioner', {
      withdrawnAt: '2026-03-18T12:00',
      reason: 'patient asked to stop',
    }).expect(201);
    const month = await threeWays('pt-withdrawn');
    expect(month).toMatchObject({ status: 'billable', codes: '99490x1' });
    expect(month.reasons).toContain('CONSENT_REVOKED_TIME_AFTER_REVOCATION_EXCLUDED:b');
  });

  it('CONS-7, TIME-2: a withdrawal that leaves the month short bills nothing', async () => {
    await readyForCcm('pt-withdrawn-short');
    await logTime('pt-withdrawn-short', [
      ['a', '2026-03-05', '09:00', 12],
      ['b', '2026-03-20', '09:00', 15],
    ]);
    await post('/patients/pt-withdrawn-short/consent/withdrawal', 'care_manager', {
      withdrawnAt: '2026-03-18T12:00',
    }).expect(201);
    const month = await threeWays('pt-withdrawn-short');
    expect(month).toMatchObject({ status: 'not_billable', codes: '' });
    expect(month.reasons).toEqual(
      expect.arrayContaining([
        'CONSENT_REVOKED_TIME_AFTER_REVOCATION_EXCLUDED:b',
        'TIME_BELOW_THRESHOLD:99490',
      ]),
    );
  });

  it('PLAN-1: without a care plan 30 minutes bill nothing (CARE_PLAN_MISSING)', async () => {
    await readyForCcm('pt-noplan', { plan: false });
    await logTime('pt-noplan', [
      ['a', '2026-03-05', '09:00', 15],
      ['b', '2026-03-12', '09:00', 15],
    ]);
    const month = await threeWays('pt-noplan');
    expect(month).toMatchObject({ status: 'not_billable', codes: '' });
    expect(month.reasons).toContain('CARE_PLAN_MISSING');
  });

  it('EXCL-1: G0181 by the same practitioner in the month excludes CCM', async () => {
    await readyForCcm('pt-g0181');
    await logTime('pt-g0181', [['a', '2026-03-05', '09:00', 25]]);
    await post('/patients/pt-g0181/other-services', 'biller', {
      serviceId: 'hh-1',
      code: 'G0181',
      date: '2026-03-10',
      practitionerId: 'dr-adams',
    }).expect(201);
    const month = await threeWays('pt-g0181');
    expect(month).toMatchObject({ status: 'not_billable', codes: '' });
    expect(month.reasons).toContain('EXCLUDED_BY_CONCURRENT_SERVICE:G0181');
  });

  it('PRAC-4, EXCL-5: another practitioner’s CCM claim for the month (from remittance) blocks ours', async () => {
    await readyForCcm('pt-other-ccm');
    await logTime('pt-other-ccm', [['a', '2026-03-05', '09:00', 25]]);
    await post('/patients/pt-other-ccm/other-practitioner-claims', 'biller', {
      claimId: 'era-77',
      practitionerId: 'dr-elsewhere',
      code: '99490',
      serviceMonth: '2026-03',
      status: 'paid',
    }).expect(201);
    const month = await threeWays('pt-other-ccm');
    expect(month).toMatchObject({ status: 'not_billable', codes: '' });
    expect(month.reasons).toContain('ANOTHER_PRACTITIONER_BILLED_CCM');
  });

  it('TIME-9: minutes during an inpatient stay (admit to discharge days) do not count', async () => {
    await readyForCcm('pt-inpatient');
    await post('/patients/pt-inpatient/inpatient-stays', 'care_manager', {
      stayId: 'stay-1',
      stayType: 'acute_hospital_inpatient',
      admit: '2026-03-10',
      discharge: '2026-03-14',
    }).expect(201);
    await logTime('pt-inpatient', [
      ['a', '2026-03-05', '09:00', 15],
      ['b', '2026-03-14', '16:00', 10],
      ['c', '2026-03-20', '09:00', 10],
    ]);
    const month = await threeWays('pt-inpatient');
    expect(month).toMatchObject({ status: 'billable', codes: '99490x1' });
    expect(month.reasons).toContain('INPATIENT_TIME_EXCLUDED:b');
  });

  it('ELIG-4: a month covered by Medicare Advantage bills no code (NOT_MEDICARE_PART_B)', async () => {
    await readyForCcm('pt-ma');
    await post('/patients/pt-ma/payer-coverage', 'biller', {
      fromMonth: '2026-03',
      payerType: 'medicare_advantage',
      qmb: false,
    }).expect(201);
    await logTime('pt-ma', [['a', '2026-03-05', '09:00', 25]]);
    const month = await threeWays('pt-ma');
    expect(month).toMatchObject({ status: 'not_billable', codes: '', reasons: ['NOT_MEDICARE_PART_B'] });
  });

  it('TIME-16: a voided entry and a corrected one count only as they stand now', async () => {
    await readyForCcm('pt-corrected');
    await logTime('pt-corrected', [
      ['a', '2026-03-03', '10:00', 15],
      ['b', '2026-03-04', '10:00', 10],
      ['c', '2026-03-05', '10:00', 3],
    ]);
    await post('/patients/pt-corrected/time-entries/b/void', 'care_manager', {
      reason: 'logged on the wrong patient',
    }).expect(201);
    await post('/patients/pt-corrected/time-entries/c/corrections', 'care_manager', {
      minutes: 5,
      reason: 'call ran 5 minutes',
    }).expect(201);
    const month = await threeWays('pt-corrected');
    expect(month).toMatchObject({ status: 'billable', codes: '99490x1' });
    expect(month.reasons).toContain('SUPERSEDED_OR_VOIDED_ENTRY_EXCLUDED:b');
  });

  describe('CLAIM-4, EXCL-9: claim lock and correction after submission', () => {
    it('submits once, refuses the same patient-month again with 409', async () => {
      await readyForCcm('pt-amend');
      await logTime('pt-amend', [
        ['a', '2026-03-03', '10:00', 12],
        ['b', '2026-03-10', '10:00', 10],
      ]);
      const claim = await post('/patients/pt-amend/months/2026-03/claim', 'biller').expect(201);
      expect(claim.body.codes).toEqual([{ code: '99490', units: 1 }]);
      const again = await post('/patients/pt-amend/months/2026-03/claim', 'biller').expect(409);
      expect(again.body.reason).toBe('CLAIM_ALREADY_SUBMITTED');
      const month = await threeWays('pt-amend');
      expect(month).toMatchObject({ status: 'billable', codes: '99490x1', amendedAfterSubmission: false });
      expect(month.line.claim?.codes).toEqual([{ code: '99490', units: 1 }]);
    });

    it('a late time entry after submission is accepted and flags the month amended, old and new side by side', async () => {
      api.clock.set('2026-03-31T17:30:00Z');
      await logTime('pt-amend', [['late', '2026-03-31', '08:00', 20]]);
      const month = await threeWays('pt-amend');
      expect(month).toMatchObject({
        status: 'billable',
        codes: '99439x1;99490x1',
        amendedAfterSubmission: true,
      });
      expect(month.line.claim?.codes).toEqual([{ code: '99490', units: 1 }]);
      const history = await api
        .get('/patients/pt-amend/history?asOf=2026-03-31T17:45:00Z&month=2026-03', 'auditor')
        .expect(200);
      expect(history.body.month).toMatchObject({
        asBilled: { codes: [{ code: '99490', units: 1 }] },
        asNow: {
          status: 'billable',
          codes: [
            { code: '99439', units: 1 },
            { code: '99490', units: 1 },
          ],
        },
      });
      expect(history.body.month.differences).toEqual(
        expect.arrayContaining([expect.stringMatching(/^codes: 99490x1 -> /)]),
      );
      await post('/patients/pt-amend/months/2026-03/claim', 'biller').expect(409);
    });

    it('a void after submission that drops the month below threshold flags it amended and not billable', async () => {
      await readyForCcm('pt-amend-void');
      await logTime('pt-amend-void', [
        ['a', '2026-03-03', '10:00', 12],
        ['b', '2026-03-10', '10:00', 10],
      ]);
      await post('/patients/pt-amend-void/months/2026-03/claim', 'biller').expect(201);
      api.clock.set('2026-03-31T18:00:00Z');
      await post('/patients/pt-amend-void/time-entries/b/void', 'care_manager', {
        reason: 'duplicate of a call logged elsewhere',
      }).expect(201);
      const month = await threeWays('pt-amend-void');
      expect(month).toMatchObject({ status: 'not_billable', codes: '', amendedAfterSubmission: true });
      expect(month.reasons).toEqual(
        expect.arrayContaining(['SUPERSEDED_OR_VOIDED_ENTRY_EXCLUDED:b', 'TIME_BELOW_THRESHOLD:99490']),
      );
      expect(month.line.claim?.codes).toEqual([{ code: '99490', units: 1 }]);
    });
  });

  it('INIT-1, INIT-3, CONS-9: new to the practitioner at consent, a later visit must qualify (CCM discussed)', async () => {
    for (const [patientId, ccmDiscussed] of [
      ['pt-new-ok', true],
      ['pt-new-bad', false],
    ] as const) {
      await enrol(patientId);
      await consent(patientId, '2026-03-02T10:15');
      await post(`/patients/${patientId}/initiating-visit`, 'practitioner', {
        visitDate: '2026-03-09',
        practitionerId: 'dr-adams',
        visitCode: '99204',
        ccmDiscussed,
      }).expect(201);
      await carePlan(patientId, '2026-03-09');
      await logTime(patientId, [['a', '2026-03-16', '10:00', 25]]);
    }
    const ok = await threeWays('pt-new-ok');
    expect(ok).toMatchObject({ status: 'billable', codes: '99490x1' });
    const bad = await threeWays('pt-new-bad');
    expect(bad).toMatchObject({ status: 'not_billable', codes: '' });
    expect(bad.reasons).toContain('INITIATING_VISIT_NOT_QUALIFYING');
    const doc = (await api.get('/patients/pt-new-bad/months/2026-03', 'biller').expect(200)).body;
    expect(doc.billing.facts.patient).toMatchObject({
      isNewToBillingPractitioner: true,
      lastFaceToFaceVisitWithBillingPractitioner: '2026-03-09',
    });
    expect(doc.billing.assumed).not.toContain('patient.isNewToBillingPractitioner');
  });

  it('CLAIM-1: an NPI corrected on the roster reaches the billing line and the export alike', async () => {
    const { practiceId: _id, ...profile } = practiceBody();
    const roster = profile.billingPractitioners.map((p) =>
      p.id === 'dr-adams' ? { ...p, npi: '1987654328' } : p,
    );
    await api.http
      .put(`/practices/${PRACTICE_ID}`)
      .set('Authorization', `Bearer ${api.token('admin')}`)
      .send({ ...profile, billingPractitioners: roster })
      .expect(200);
    const month = await threeWays('pt-t20');
    expect(month.line.billingPractitionerNpi).toBe('1987654328');
  });

  it('CLAIM-1: the export is deterministic, CSV and JSON agree, and it lists every month the api lists', async () => {
    await api.caughtUp();
    const csv = await exportRows('2026-03', 'csv');
    expect(await exportRows('2026-03', 'csv')).toBe(csv);
    const json = JSON.parse(await exportRows('2026-03', 'json')) as Record<string, unknown>[];
    const [header, ...lines] = csv.trim().split('\n');
    const columns = header.split(',');
    // No cell of these scenarios needs CSV quoting, so a split reads them back.
    expect(lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i], v])))).toEqual(
      json.map((row) => Object.fromEntries(columns.map((c) => [c, String(row[c])]))),
    );
    const listed = (await billingLines('2026-03')).map((l) => l.patientId).sort();
    expect(json.map((r) => r.patientId)).toEqual(listed);
    expect(listed.length).toBeGreaterThanOrEqual(19);
  });
});
