import { patientAccessStreamId, type EvidencePacket } from '@ccm/audit';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startApi, type ApiHarness } from '../testing/api-harness';
import { medicationsAroundTheMonth } from '../testing/evidence-medications';
import { billedThenAmendedMonth, EVIDENCE_MONTH, EVIDENCE_PATIENT } from '../testing/evidence-scenario';
import { registerPractices } from '../testing/fixtures';

const route = `/patients/${EVIDENCE_PATIENT}/months/${EVIDENCE_MONTH}/evidence`;

/** DOC-1..8, CLAIM-4: what a contractor's documentation request gets for a billed month. */
describe('claim evidence packet', () => {
  let api: ApiHarness;
  let packet: EvidencePacket;
  const auditor = () => `Bearer ${api.token('auditor')}`;

  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await billedThenAmendedMonth(api);
    await medicationsAroundTheMonth(api);
    const res = await api.http
      .get(route)
      .set('Authorization', auditor())
      .set('X-Purpose-Of-Use', 'audit')
      .expect(200)
      .expect('Cache-Control', 'no-store');
    packet = res.body as EvidencePacket;
  });
  afterAll(() => api.close());

  it('names the practice, patient, month, billing practitioner and who asked why', () => {
    expect(packet).toMatchObject({
      format: 'ccm-evidence-packet/1',
      generatedAt: '2026-04-02T15:00:00.000Z',
      generatedBy: { userId: 'auditor-user', role: 'auditor', practiceId: 'riverside' },
      purpose: 'audit',
      practice: { practiceId: 'riverside', name: 'Riverside Family Medicine', timeZone: 'America/Chicago' },
      patient: { patientId: EVIDENCE_PATIENT, dateOfBirth: '1948-05-02', careTeam: ['rn-lopez'] },
      month: '2026-03',
      billingPractitioner: { id: 'dr-adams', npi: '1234567893', credential: 'MD' },
    });
  });

  it('DOC-4, CONS-1..3: the consent governing the month with every disclosure and the event that recorded it', () => {
    expect(packet.consent.statusOverMonth).toBe('obtained_this_month');
    expect(packet.consent.governing).toMatchObject({
      decision: 'accepted',
      method: 'verbal_by_phone',
      obtainedAt: '2026-03-02T10:15',
      obtainedBy: 'dr-adams',
      disclosures: {
        availabilityAndScope: true,
        costSharing: true,
        rightToStopEffectiveMonthEnd: true,
        onePractitionerPerMonth: true,
      },
      withdrawal: null,
      recorded: { revision: 1, recordedBy: 'dr-adams', recordedAt: '2026-03-31T17:00:00.000Z' },
    });
    expect(packet.consent.governing?.recorded.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(packet.consent.history).toHaveLength(1);
  });

  it('DOC-3, PLAN-3: the care plan version in force, and the copy the patient got', () => {
    expect(packet.carePlan).toMatchObject({
      status: 'in_force',
      version: 1,
      establishedOn: '2026-03-02',
      sharedWithPatient: true,
    });
    expect(packet.carePlan.shares).toEqual([
      expect.objectContaining({ version: 1, recipient: 'patient', method: 'portal', sharedOn: '2026-03-02' }),
    ]);
  });

  it('DOC-2, DOC-6, ELIG-1..3, INIT-1: the qualifying conditions and the initiating visit', () => {
    expect(packet.conditions.map((c) => [c.icd10, c.qualifying])).toEqual([
      ['E11.9', true],
      ['I10', true],
    ]);
    expect(packet.initiatingVisit).toMatchObject({
      visitDate: '2026-02-27',
      visitCode: '99214',
      byBillingPractitioner: true,
    });
  });

  it('DOC-5, DOC-7, TIME-16: every entry with performer, role, activity, occurred versus recorded, and each change with its reason', () => {
    expect(
      packet.timeEntries.map((e) => [e.entryId, e.performerId, e.performerCredential, e.minutes, e.status]),
    ).toEqual([
      ['ev-early', 'rn-lopez', 'RN', 5, 'active'],
      ['ev-1', 'rn-lopez', 'RN', 12, 'voided'],
      ['ev-2', 'rn-lopez', 'RN', 14, 'active'],
    ]);
    const corrected = packet.timeEntries.find((e) => e.entryId === 'ev-2');
    expect(corrected).toMatchObject({
      performerRole: 'clinical_staff',
      activity: 'care_coordination_call',
      occurredOn: '2026-03-05',
      startTime: '11:00',
      minutesInMonth: 14,
      logged: { minutes: 10, by: 'rn-lopez', recordedAt: '2026-03-31T17:00:00.000Z' },
    });
    expect(packet.entryChanges.map((c) => [c.entryId, c.kind, c.reason, c.change])).toEqual([
      [
        'ev-2',
        'correction',
        'Duration taken from the phone log',
        '10 min on 2026-03-05 11:00 -> 14 min on 2026-03-05 11:00',
      ],
      ['ev-1', 'void', 'Logged against the wrong patient', '12 min no longer counted'],
    ]);
    expect(packet.entryChanges[1].recordedAt).toBe('2026-04-02T15:00:00.000Z');
  });

  it('issue 18: the medication list at month end, the month’s reconciliations and adherence checks', () => {
    const { medications } = packet;
    expect(medications.asOfMonthEnd).toBe('2026-03-31');
    // The April frequency change is not applied; the medication started in April is not listed.
    expect(medications.list.map((m) => [m.medicationId, m.dose, m.frequency, m.status, m.stoppedOn])).toEqual(
      [
        ['med-metformin', '1000 mg', 'twice daily', 'active', null],
        ['med-lisinopril', '10 mg', 'daily', 'stopped', '2026-03-20'],
      ],
    );
    expect(medications.list[0].changes.map((c) => [c.changeId, c.fields])).toEqual([['ch-march', ['dose']]]);
    expect(medications.reconciliationsInMonth).toEqual([
      {
        reconciliationId: 'rec-march',
        reconciledOn: '2026-03-12',
        source: 'discharge',
        reconciledBy: 'rn-lopez',
        interactionsReviewed: true,
        changes: 2,
        discrepancies: 2,
        unresolvedDiscrepancies: 1,
        resolved: false,
        recordedBy: 'dr-adams',
        revision: expect.any(Number),
      },
    ]);
    expect(JSON.stringify(medications.reconciliationsInMonth)).not.toContain('supplement');
    expect(
      medications.adherenceChecksInMonth.map((c) => [c.checkId, c.medicationId, c.value, c.finding]),
    ).toEqual([['adh-march', 'med-metformin', 0.82, 'partially_adherent']]);
  });

  it('EXCL-1..3: other services billed in the month', () => {
    expect(packet.otherServices).toEqual([{ code: '99213', practitionerId: 'dr-adams', date: '2026-03-10' }]);
  });

  it('the decision as it stands, with reasons by rule id and a readable trace', () => {
    expect(packet.decision).toMatchObject({
      status: 'not_billable',
      ruleSet: 'medicare-pfs-2026',
      codes: [],
    });
    expect(packet.decision.notBillable.length).toBeGreaterThan(0);
    for (const reason of packet.decision.notBillable) expect(reason.rule).toMatch(/^[A-Z]+-\d+/);
    expect(packet.decision.trace.length).toBeGreaterThan(0);
    expect(packet.decision.trace.join('\n')).toMatch(/TIME-\d+/);
  });

  it('CLAIM-4: as billed (99490) against as now (nothing), flagged for a corrected claim', () => {
    expect(packet.claim).toMatchObject({
      codes: [{ code: '99490', units: 1 }],
      submitted: { recordedBy: 'biller-user', recordedAt: '2026-03-31T17:00:00.000Z' },
    });
    expect(packet.amendment).toMatchObject({
      amendedAfterSubmission: true,
      asBilled: { status: 'billable', codes: [{ code: '99490', units: 1 }] },
      asNow: { status: 'not_billable', codes: [] },
    });
    expect(packet.amendment?.differences).toContain('codes: 99490x1 -> none');
  });

  it('DOC-8: the hash chains that hold the month verify, with their heads', () => {
    expect(packet.integrity.patientStream).toMatchObject({ ok: true, firstBreak: null });
    expect(packet.integrity.patientStream.eventsChecked).toBe(
      packet.integrity.patientStream.headRevision + 1,
    );
    expect(packet.integrity.practiceStream.ok).toBe(true);
    expect(packet.integrity.latestAnchor).toBeNull();
  });

  it('is a logged read of the patient’s record, like every other', async () => {
    const reads = await api.store.readStream(patientAccessStreamId('riverside', EVIDENCE_PATIENT), {
      maxCount: 4096,
    });
    expect(reads.map((e) => e.data.what)).toContain('GET /patients/:id/months/:month/evidence');
  });

  it('serves the same packet as a self-contained HTML document', async () => {
    const res = await api.http
      .get(`${route}?format=html`)
      .set('Authorization', auditor())
      .set('X-Purpose-Of-Use', 'audit')
      .expect(200)
      .expect('Content-Type', /text\/html/);
    const html = res.text;
    const embedded = /<script type="application\/json" id="evidence-json">([\s\S]*?)<\/script>/.exec(html);
    expect(JSON.parse(embedded?.[1] ?? 'null')).toEqual(packet);
    expect(html).not.toMatch(/<script(?![^>]*application\/json)/);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('answers 404 for an unknown patient, another practice’s patient or a month before enrolment; 400 for a bad month or format', async () => {
    for (const [url, token] of [
      [`/patients/nobody/months/2026-03/evidence`, auditor()],
      [route, `Bearer ${api.token('auditor', 'lakeside')}`],
      [`/patients/${EVIDENCE_PATIENT}/months/2025-12/evidence`, auditor()],
    ]) {
      const res = await api.http.get(url).set('Authorization', token).expect(404);
      expect(res.body.reason).toBe('PATIENT_NOT_FOUND');
    }
    const badMonth = await api.http
      .get(`/patients/${EVIDENCE_PATIENT}/months/2026-13/evidence`)
      .set('Authorization', auditor())
      .expect(400);
    expect(badMonth.body.fields).toEqual([{ field: 'month', errors: ['must be a month YYYY-MM'] }]);
    const badFormat = await api.http.get(`${route}?format=pdf`).set('Authorization', auditor()).expect(400);
    expect(badFormat.body.fields).toEqual([{ field: 'format', errors: ['must be json or html'] }]);
  });

  it('refuses the packet of a record whose chain breaks, naming where, when a row was edited behind the system’s back', async () => {
    if (api.storeKind !== 'sqlite') return; // editing rows in place needs the SQLite file
    const db = new Database(join(api.dataDir, 'events.sqlite'));
    try {
      db.prepare(
        "UPDATE events SET data = json_set(data, '$.minutes', 40) WHERE stream_id = ? AND type = 'TimeLogged' AND json_extract(data, '$.entryId') = 'ev-2'",
      ).run(`ccm.patient.riverside.${EVIDENCE_PATIENT}`);
    } finally {
      db.close();
    }
    // Issue 15: no read serves an edited record; `audit evidence` still shows an operator the break.
    for (const url of [route, `${route}?format=html`]) {
      const res = await api.http.get(url).set('Authorization', auditor()).expect(500);
      expect(res.body).toMatchObject({
        reason: 'INTEGRITY_VIOLATION',
        details: { stream: `ccm.patient.riverside.${EVIDENCE_PATIENT}`, check: 'hash_mismatch' },
      });
      expect(res.text).not.toContain('"minutes"');
    }
  });
});
