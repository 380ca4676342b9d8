/** FHIR panel Bundles and CSV panels for the candidate tests: invented people, valid MBIs and NPIs. */

export const DR_ADAMS_NPI = '1234567893';
export const MBI_ELIGIBLE = '1EG4TE5MK73';
export const MBI_ONE_CONDITION = '9AC0D12EF34';
export const MBI_SPARE = '2AD1E23FG45';

interface PersonInput {
  readonly id?: string;
  readonly fullUrl?: string;
  readonly family: string;
  readonly given: string;
  readonly birthDate?: string;
  readonly mbi?: string;
  readonly icd10?: readonly string[];
  readonly coverage?: 'part_b' | 'advantage' | 'none';
  readonly visit?: { readonly date: string; readonly npi?: string };
}

/** The entries of one person: the Patient, then its Conditions, Coverage and Encounter. */
export function personEntries(person: PersonInput): object[] {
  const fullUrl = person.fullUrl ?? `urn:uuid:${person.id ?? 'x'}`;
  const ref = person.id ? `Patient/${person.id}` : fullUrl;
  const patient = {
    resourceType: 'Patient',
    ...(person.id ? { id: person.id } : {}),
    ...(person.mbi ? { identifier: [{ system: 'http://hl7.org/fhir/sid/us-mbi', value: person.mbi }] } : {}),
    name: [{ use: 'official', family: person.family, given: [person.given] }],
    gender: 'female',
    birthDate: person.birthDate ?? '1946-09-14',
  };
  const entries: object[] = [{ fullUrl, resource: patient, request: { method: 'POST', url: 'Patient' } }];
  for (const code of person.icd10 ?? []) {
    entries.push({
      resource: {
        resourceType: 'Condition',
        subject: { reference: ref },
        code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code }] },
        recordedDate: '2024-05-01',
      },
      request: { method: 'POST', url: 'Condition' },
    });
  }
  if (person.coverage && person.coverage !== 'none') {
    entries.push({
      resource: {
        resourceType: 'Coverage',
        status: 'active',
        beneficiary: { reference: ref },
        payor: [{ display: person.coverage === 'part_b' ? 'Medicare' : 'Medicare Advantage plan' }],
        class: [
          {
            type: {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'plan' }],
            },
            value: person.coverage === 'part_b' ? 'Part B' : 'Part C',
          },
        ],
        period: { start: '2013-09-01' },
      },
      request: { method: 'POST', url: 'Coverage' },
    });
  }
  if (person.visit) {
    entries.push({
      resource: {
        resourceType: 'Encounter',
        status: 'finished',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
        subject: { reference: ref },
        period: { start: `${person.visit.date}T09:30:00-06:00` },
        ...(person.visit.npi
          ? {
              participant: [
                {
                  individual: {
                    identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: person.visit.npi },
                  },
                },
              ],
            }
          : {}),
      },
      request: { method: 'POST', url: 'Encounter' },
    });
  }
  return entries;
}

export const bundleOf = (entries: readonly object[], type = 'transaction') => ({
  resourceType: 'Bundle',
  type,
  entry: [...entries],
});

/** Three people: one eligible, one with a single chronic condition, one on Medicare Advantage. */
export const panelBundle = () =>
  bundleOf([
    ...personEntries({
      id: 'ehr-1001',
      family: 'Quillfeather',
      given: 'Marguerite',
      mbi: MBI_ELIGIBLE,
      icd10: ['E11.9', 'I10'],
      coverage: 'part_b',
      visit: { date: '2026-01-15', npi: DR_ADAMS_NPI },
    }),
    ...personEntries({
      id: 'ehr-1002',
      family: 'Brackenridge',
      given: 'Osgood',
      mbi: MBI_ONE_CONDITION,
      icd10: ['E11.65'],
      coverage: 'part_b',
      visit: { date: '2026-02-01', npi: DR_ADAMS_NPI },
    }),
    ...personEntries({
      fullUrl: 'urn:uuid:5f1c7b7e-2a51-4b6e-9f0d-0d6c1c2f3a10',
      family: 'Thistlewaite',
      given: 'Perpetua',
      icd10: ['I50.9', 'J44.9'],
      coverage: 'advantage',
      visit: { date: '2025-11-20', npi: DR_ADAMS_NPI },
    }),
  ]);

export const CSV_HEADER =
  'candidate_id,given_names,family_name,date_of_birth,sex,mbi,icd10_codes,coverage_kind,coverage_start,coverage_end,last_visit_date,last_visit_npi';
