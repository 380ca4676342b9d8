import Database from 'better-sqlite3';
import { join } from 'node:path';
import { patientAccessStreamId, patientStreamId, practiceAccessStreamId } from '@ccm/domain';
import { fhirErrorsOf, SEARCHABLE_TYPES } from '@ccm/interop';
import { PatientRecords, PracticeRecords } from '@ccm/record';
import { defaultLastDay, seedClinic } from '@ccm/synthetic-clinic';
import { startApi, type ApiHarness } from '../testing/api-harness';

const PRACTICE = 'fhirclinic';
const PATIENTS = ['pt-00001', 'pt-00002', 'pt-00003', 'pt-00004', 'pt-00005', 'pt-00006'];

interface Entry {
  fullUrl: string;
  resource: { resourceType: string; id: string; [element: string]: unknown };
  search: { mode: string };
}
interface Bundle {
  resourceType: string;
  type: string;
  total: number;
  entry: Entry[];
}

/** Every `reference` anywhere inside a resource. */
function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'reference' && typeof inner === 'string' ? [inner] : referencesIn(inner),
  );
}

const demographicsOf = (index: number) => ({
  name: { given: ['Rosalind', `Testname${index}`], family: `Fhirfamily${index}` },
  dateOfBirth: `194${index}-04-1${index}`,
  sex: index % 2 === 0 ? 'female' : 'male',
  mbi: `1EG4-TE5-MK7${index}`,
  address: { lines: [`${index}2 Elm St`], city: 'Riverside', state: 'CA', postalCode: `9250${index}-1234` },
  phone: `(951) 555-01${index}2`,
});

/** FHIR R4 export (docs/fhir.md), over a synthetic clinic recorded through the real command path. */
describe('FHIR R4 export: Patient/$everything and search by type', () => {
  let api: ApiHarness;
  const auth = (role: 'auditor' | 'admin' | 'biller' | 'care_manager' = 'auditor') =>
    `Bearer ${api.token(role, PRACTICE, role === 'care_manager' ? 'rn-lopez' : undefined)}`;
  const everything = (patientId: string) =>
    api.http.get(`/fhir/Patient/${patientId}/$everything`).set('Authorization', auth());

  beforeAll(async () => {
    api = await startApi();
    await seedClinic(
      { practices: api.app.get(PracticeRecords), patients: api.app.get(PatientRecords), clock: api.clock },
      {
        practiceId: PRACTICE,
        patients: PATIENTS.length,
        months: 6,
        seed: 7,
        lastDay: defaultLastDay(api.clock),
        careOutcomes: true,
      },
    );
    for (const [index, patientId] of PATIENTS.slice(0, 4).entries()) {
      const res = await api.http
        .post(`/patients/${patientId}/demographics`)
        .set('Authorization', auth('admin'))
        .send(demographicsOf(index + 1));
      expect([201, 404]).toContain(res.status);
    }
    for (const patientId of PATIENTS) {
      for (const month of ['2026-01', '2026-02']) {
        await api.http
          .post(`/patients/${patientId}/months/${month}/claim`)
          .set('Authorization', auth('biller'));
      }
    }
  }, 120_000);
  afterAll(() => api.close());

  it('exports each patient as a searchset Bundle whose every resource, and itself, the R4 definitions accept', async () => {
    const typesSeen = new Set<string>();
    let exported = 0;
    // Patients whose record has every kind of thing the export maps, demographics included.
    let fullRecords = 0;
    for (const patientId of PATIENTS) {
      const res = await everything(patientId);
      if (res.status === 404) continue;
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
      const bundle = JSON.parse(res.text) as Bundle;
      exported++;
      expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
      expect(bundle.total).toBe(bundle.entry.filter((e) => e.search.mode === 'match').length);
      expect(fhirErrorsOf(bundle)).toEqual([]);
      for (const entry of bundle.entry) {
        expect({ id: entry.resource.resourceType, issues: fhirErrorsOf(entry.resource) }).toEqual({
          id: entry.resource.resourceType,
          issues: [],
        });
        typesSeen.add(entry.resource.resourceType);
      }
      const types = new Set(bundle.entry.map((e) => e.resource.resourceType));
      const named = bundle.entry.some(
        (e) => e.resource.resourceType === 'Patient' && e.resource.name !== undefined,
      );
      const kinds = [
        'Consent',
        'CarePlan',
        'Communication',
        'Encounter',
        'Observation',
        'Claim',
        'Provenance',
      ];
      if (named && kinds.every((kind) => types.has(kind))) fullRecords++;
      const fullUrls = new Set(bundle.entry.map((e) => e.fullUrl));
      expect(fullUrls.size).toBe(bundle.entry.length);
      const dangling = bundle.entry
        .flatMap((e) => referencesIn(e.resource))
        .filter((ref) => !fullUrls.has(ref));
      expect(dangling).toEqual([]);
    }
    expect(exported).toBeGreaterThanOrEqual(4);
    expect(fullRecords).toBeGreaterThanOrEqual(3);
    expect([...typesSeen].sort()).toEqual(
      expect.arrayContaining([
        'AuditEvent',
        'CarePlan',
        'CareTeam',
        'Claim',
        'Communication',
        'Condition',
        'Consent',
        'Coverage',
        'Encounter',
        'Observation',
        'Organization',
        'Patient',
        'Practitioner',
        'Provenance',
      ]),
    );
  }, 120_000);

  it('gives the same ids to the same things in every export', async () => {
    const ids = async () => {
      const bundle = JSON.parse((await everything('pt-00002').expect(200)).text) as Bundle;
      return bundle.entry.filter((e) => e.resource.resourceType !== 'AuditEvent').map((e) => e.fullUrl);
    };
    // Each export is itself logged (a new AuditEvent); everything else is the same, in the same order.
    const first = await ids();
    expect(await ids()).toEqual(first);
  });

  it('logs each read once, in the patient’s access log, and the next export shows it as an AuditEvent', async () => {
    const practiceLog = async () =>
      (await api.store.readStream(practiceAccessStreamId(PRACTICE), { fromRevision: 0n, maxCount: 4096 }))
        .length;
    const before = (
      await api.store.readStream(patientAccessStreamId(PRACTICE, 'pt-00003'), {
        fromRevision: 0n,
        maxCount: 1000,
      })
    ).length;
    const practiceBefore = await practiceLog();
    await everything('pt-00003').set('X-Purpose-Of-Use', 'treatment').expect(200);
    await api.http.get('/fhir/Condition?patient=pt-00003').set('Authorization', auth()).expect(200);
    expect(await practiceLog()).toBe(practiceBefore);
    const log = await api.store.readStream(patientAccessStreamId(PRACTICE, 'pt-00003'), {
      fromRevision: 0n,
      maxCount: 1000,
    });
    expect(log.length).toBe(before + 2);
    expect(log[log.length - 2].data).toMatchObject({
      patientId: 'pt-00003',
      purpose: 'treatment',
      channel: 'api',
    });
    const bundle = JSON.parse((await everything('pt-00003').expect(200)).text) as Bundle;
    const audits = bundle.entry.filter((e) => e.resource.resourceType === 'AuditEvent');
    expect(audits).toHaveLength(before + 3);
    expect(audits.some((e) => JSON.stringify(e.resource.purposeOfEvent ?? []).includes('"TREAT"'))).toBe(
      true,
    );
  });

  it('searches one type: only resources of that type, all about the patient', async () => {
    const res = await api.http
      .get('/fhir/Observation?patient=pt-00002')
      .set('Authorization', auth('care_manager'))
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const bundle = JSON.parse(res.text) as Bundle;
    expect(bundle.total).toBeGreaterThan(0);
    expect(bundle.total).toBe(bundle.entry.length);
    expect(new Set(bundle.entry.map((e) => e.resource.resourceType))).toEqual(new Set(['Observation']));
    expect(fhirErrorsOf(bundle)).toEqual([]);
    const everythingIds = (JSON.parse((await everything('pt-00002')).text) as Bundle).entry
      .filter((e) => e.resource.resourceType === 'Observation')
      .map((e) => e.resource.id);
    expect(bundle.entry.map((e) => e.resource.id)).toEqual(everythingIds);
    for (const type of SEARCHABLE_TYPES) {
      const found = JSON.parse(
        (await api.http.get(`/fhir/${type}?patient=pt-00004`).set('Authorization', auth()).expect(200)).text,
      ) as Bundle;
      expect({ type, issues: fhirErrorsOf(found) }).toEqual({ type, issues: [] });
      expect(found.entry.filter((e) => e.resource.resourceType !== type)).toEqual([]);
    }
    const patients = JSON.parse(
      (await api.http.get('/fhir/Patient?patient=pt-00001').set('Authorization', auth()).expect(200)).text,
    ) as Bundle;
    expect(patients.total).toBe(1);
    expect(patients.entry[0].resource).toMatchObject({ resourceType: 'Patient', birthDate: '1941-04-11' });
  });

  it('answers errors as OperationOutcome with the api’s statuses', async () => {
    const outcome = (res: { text: string; headers: Record<string, string> }) => {
      expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
      const body = JSON.parse(res.text) as {
        resourceType: string;
        issue: { code: string; expression?: string[] }[];
      };
      expect(body.resourceType).toBe('OperationOutcome');
      expect(fhirErrorsOf(body)).toEqual([]);
      return body.issue;
    };
    const get = (path: string) => api.http.get(path).set('Authorization', auth());
    expect(outcome(await get('/fhir/Medication?patient=pt-00001').expect(400))).toEqual([
      expect.objectContaining({ code: 'invalid', expression: ['type'] }),
    ]);
    expect(outcome(await get('/fhir/Condition').expect(400))).toEqual([
      expect.objectContaining({ code: 'invalid', expression: ['patient'] }),
    ]);
    expect(outcome(await get('/fhir/Condition?patient=no%20such').expect(400))[0].expression).toEqual([
      'patient',
    ]);
    expect(outcome(await get('/fhir/Condition?patient=pt-99999').expect(404))[0].code).toBe('not-found');
    expect(outcome(await get('/fhir/Patient/pt-99999/$everything').expect(404))[0].code).toBe('not-found');
    expect(outcome(await get('/fhir/Patient/pt-00001/$export').expect(404))[0].code).toBe('not-found');
    expect(outcome(await api.http.get('/fhir/Patient/pt-00001/$everything').expect(401))[0].code).toBe(
      'login',
    );
    const otherPractice = await api.http
      .get('/fhir/Patient/pt-00001/$everything')
      .set('Authorization', `Bearer ${api.token('auditor', 'elsewhere')}`)
      .expect(404);
    expect(outcome(otherPractice)[0].code).toBe('not-found');
    const badPurpose = await get('/fhir/Patient/pt-00001/$everything')
      .set('X-Purpose-Of-Use', 'curiosity')
      .expect(400);
    expect(outcome(badPurpose)[0].expression).toEqual(['X-Purpose-Of-Use']);
  });

  // The store is edited through its SQLite file, which only the embedded store has.
  const onSqlite = process.env.CCM_TEST_EVENT_STORE === 'eventstoredb' ? it.skip : it;
  onSqlite(
    'exports nothing of a record whose hash chain does not verify: 500 INTEGRITY_VIOLATION as an OperationOutcome',
    async () => {
      // Edits one stored contact in place, as someone with the file would: the chain is what notices.
      const db = new Database(join(api.dataDir, 'events.sqlite'));
      try {
        db.prepare(
          `UPDATE events SET data = json_set(data, '$.summary', 'Tampered summary') WHERE stream_id = ? AND type = 'ContactRecorded'`,
        ).run(patientStreamId(PRACTICE, 'pt-00005'));
      } finally {
        db.close();
      }
      for (const path of ['/fhir/Patient/pt-00005/$everything', '/fhir/Communication?patient=pt-00005']) {
        const res = await api.http.get(path).set('Authorization', auth()).expect(500);
        expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
        expect(JSON.parse(res.text)).toMatchObject({
          resourceType: 'OperationOutcome',
          issue: [{ code: 'exception', details: { coding: [{ code: 'INTEGRITY_VIOLATION' }] } }],
        });
        expect(res.text).not.toContain('Tampered summary');
      }
      await everything('pt-00006').expect(200);
    },
  );
});
