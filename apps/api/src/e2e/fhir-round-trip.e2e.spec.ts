import { parsePatientStreamId, patientStreamPrefix } from '@ccm/domain';
import { streamInventory } from '@ccm/event-store';
import { PatientRecords, PracticeRecords } from '@ccm/record';
import { defaultLastDay, seedClinic } from '@ccm/synthetic-clinic';
import { OTHER_PRACTICE_ID, startApi, type ApiHarness } from '../testing/api-harness';
import { registerPractices } from '../testing/fixtures';

const FROM = 'roundtrip';
const PATIENTS = 8;

interface Entry {
  fullUrl: string;
  resource: { resourceType: string; [element: string]: unknown };
}
interface PersonSeen {
  mbi: string;
  family: string;
  given: readonly string[];
  dateOfBirth: string;
  icd10: readonly string[];
}

/**
 * A practice's record exported as FHIR R4 ($everything of every patient) and imported into another
 * practice as its candidate panel: the same people, with the same diagnoses (docs/fhir.md, docs/eligibility.md).
 */
describe('FHIR round trip: export from one practice, import into an empty one', () => {
  let api: ApiHarness;
  const token = (role: 'auditor' | 'admin' | 'care_manager', practiceId: string) =>
    `Bearer ${api.token(role, practiceId)}`;

  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await seedClinic(
      {
        practices: api.app.get(PracticeRecords),
        patients: api.app.get(PatientRecords),
        clock: api.clock,
        store: api.store,
      },
      {
        practiceId: FROM,
        patients: PATIENTS,
        months: 4,
        seed: 11,
        lastDay: defaultLastDay(api.clock),
        interop: true,
      },
    );
  });
  afterAll(() => api.close());

  it('yields the same patients and conditions, each patient one candidate', async () => {
    const { streams } = await streamInventory(api.store, { streamPrefixes: [patientStreamPrefix(FROM)] });
    const patientIds = streams
      .map((s) => parsePatientStreamId(s.streamId)?.patientId)
      .filter((id) => id !== undefined);
    expect(patientIds.length).toBe(PATIENTS);

    const exported: PersonSeen[] = [];
    const entries: Entry[] = [];
    for (const patientId of patientIds) {
      const res = await api.http
        .get(`/fhir/Patient/${patientId}/$everything`)
        .set('Authorization', token('auditor', FROM))
        .expect(200);
      const bundle = JSON.parse(res.text) as { entry: Entry[] };
      entries.push(...bundle.entry);
      const record = (
        await api.http.get(`/patients/${patientId}`).set('Authorization', token('auditor', FROM))
      ).body;
      exported.push({
        mbi: record.demographics.mbi,
        family: record.demographics.name.family,
        given: record.demographics.name.given,
        dateOfBirth: record.demographics.dateOfBirth,
        icd10: bundle.entry
          .filter((e) => e.resource.resourceType === 'Condition')
          .map((e) => (e.resource.code as { coding: { code: string }[] }).coding[0].code)
          .sort(),
      });
    }

    const imported = await api.http
      .post('/fhir')
      .set('Authorization', token('admin', OTHER_PRACTICE_ID))
      .set('Content-Type', 'application/fhir+json')
      .send(JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: entries }))
      .expect(200);
    // Each entry's response names the candidate it went to: a Patient's and its Conditions' the same one.
    const locations = [
      ...new Set(
        (imported.body.entry as { response: { status: string; location?: string } }[])
          .filter((e) => e.response.status === '201 Created')
          .map((e) => e.response.location),
      ),
    ];
    expect(locations).toHaveLength(PATIENTS);

    const seen: PersonSeen[] = [];
    for (const location of locations) {
      const candidate = (
        await api.http.get(`/${location}`).set('Authorization', token('care_manager', OTHER_PRACTICE_ID))
      ).body;
      seen.push({
        mbi: candidate.mbi,
        family: candidate.name.family,
        given: candidate.name.given,
        dateOfBirth: candidate.dateOfBirth,
        icd10: candidate.conditions.map((c: { icd10: string }) => c.icd10).sort(),
      });
    }
    const byMbi = (people: PersonSeen[]) => [...people].sort((a, b) => (a.mbi < b.mbi ? -1 : 1));
    expect(byMbi(seen)).toEqual(byMbi(exported));
    expect(new Set(seen.map((p) => p.mbi)).size).toBe(PATIENTS);
    expect(exported.every((p) => p.icd10.length >= 2)).toBe(true);
  });
});
