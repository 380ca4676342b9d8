import {
  ADMINISTRATIVE_SEXES,
  canonicalIcd10,
  canonicalMbi,
  COVERAGE_KINDS,
  isId,
  isLocalDate,
  isValidNpi,
  type CandidateProfile,
  type PanelItem,
  type PanelRefusal,
} from '@ccm/domain';

/** The header a panel CSV starts with, column for column (docs/eligibility.md, "CSV panel"). */
export const PANEL_CSV_COLUMNS = [
  'candidate_id',
  'given_names',
  'family_name',
  'date_of_birth',
  'sex',
  'mbi',
  'icd10_codes',
  'coverage_kind',
  'coverage_start',
  'coverage_end',
  'last_visit_date',
  'last_visit_npi',
] as const;
type Column = (typeof PANEL_CSV_COLUMNS)[number];

export interface CsvFieldError {
  readonly field: string;
  readonly errors: string[];
}

/** RFC 4180 records: commas, double quotes around a field, `""` for a quote inside one, CRLF or LF. */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    record.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') endField();
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endField();
      records.push(record);
      record = [];
    } else field += char;
  }
  if (field !== '' || record.length > 0) {
    endField();
    records.push(record);
  }
  return records.filter((r) => !(r.length === 1 && r[0].trim() === ''));
}

const MUST: Record<Column, string> = {
  candidate_id: 'must be 1-64 letters, digits, _ or -',
  given_names: 'must hold one to five given names, separated by spaces',
  family_name: 'must be 1-100 characters',
  date_of_birth: 'must be a date YYYY-MM-DD',
  sex: `must be one of ${ADMINISTRATIVE_SEXES.join(', ')}`,
  mbi: 'must be a Medicare Beneficiary Identifier (11 characters as CMS defines them) or empty',
  icd10_codes: 'must be ICD-10-CM codes separated by ;',
  coverage_kind: `must be one of ${COVERAGE_KINDS.join(', ')}, or empty`,
  coverage_start: 'must be a date YYYY-MM-DD or empty',
  coverage_end: 'must be a date YYYY-MM-DD or empty, not before the start',
  last_visit_date: 'must be a date YYYY-MM-DD, or empty',
  last_visit_npi: 'must be a valid NPI (10 digits, check digit), or empty; given only with a visit date',
};

const optionalDate = (v: string) => v === '' || isLocalDate(v);

/** Which columns of one row break the legend (syntax only: the candidate rules judge the rest). */
function faultsOf(row: Record<Column, string>): Column[] {
  const given = row.given_names.split(/\s+/).filter(Boolean);
  const codes = row.icd10_codes
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  const checks: [Column, boolean][] = [
    ['candidate_id', isId(row.candidate_id)],
    ['given_names', given.length >= 1 && given.length <= 5 && given.every((g) => g.length <= 100)],
    ['family_name', row.family_name.length >= 1 && row.family_name.length <= 100],
    ['date_of_birth', isLocalDate(row.date_of_birth)],
    ['sex', (ADMINISTRATIVE_SEXES as readonly string[]).includes(row.sex)],
    ['mbi', row.mbi === '' || canonicalMbi(row.mbi) !== undefined],
    ['icd10_codes', codes.every((code) => canonicalIcd10(code) !== undefined)],
    [
      'coverage_kind',
      row.coverage_kind === '' || (COVERAGE_KINDS as readonly string[]).includes(row.coverage_kind),
    ],
    ['coverage_start', optionalDate(row.coverage_start)],
    [
      'coverage_end',
      optionalDate(row.coverage_end) &&
        !(row.coverage_start && row.coverage_end && row.coverage_end < row.coverage_start),
    ],
    ['last_visit_date', optionalDate(row.last_visit_date)],
    [
      'last_visit_npi',
      row.last_visit_npi === '' || (isValidNpi(row.last_visit_npi) && row.last_visit_date !== ''),
    ],
  ];
  return checks.filter(([, ok]) => !ok).map(([column]) => column);
}

function profileOf(row: Record<Column, string>): CandidateProfile {
  const codes = row.icd10_codes
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  return {
    source: 'csv',
    name: { given: row.given_names.split(/\s+/).filter(Boolean), family: row.family_name },
    dateOfBirth: row.date_of_birth,
    sex: row.sex as CandidateProfile['sex'],
    ...(row.mbi ? { mbi: row.mbi } : {}),
    conditions: codes.map((icd10) => ({ icd10 })),
    coverages: row.coverage_kind
      ? [
          {
            kind: row.coverage_kind as CandidateProfile['coverages'][number]['kind'],
            ...(row.coverage_start ? { start: row.coverage_start } : {}),
            ...(row.coverage_end ? { end: row.coverage_end } : {}),
          },
        ]
      : [],
    encounters: row.last_visit_date
      ? [
          {
            date: row.last_visit_date,
            ...(row.last_visit_npi ? { practitionerNpi: row.last_visit_npi } : {}),
          },
        ]
      : [],
  };
}

/**
 * The panel a CSV holds, or every field at fault, named `rows[N].column` where N is the line of the file
 * (the header is line 1). Values are never quoted back.
 */
export function panelFromCsv(text: string): { items: PanelItem[] } | { errors: CsvFieldError[] } {
  const [header, ...rows] = csvRecords(text.replace(/^\uFEFF/, ''));
  if (!header || header.map((h) => h.trim().toLowerCase()).join(',') !== PANEL_CSV_COLUMNS.join(','))
    return { errors: [{ field: 'header', errors: [`must be ${PANEL_CSV_COLUMNS.join(',')}`] }] };
  if (rows.length === 0) return { errors: [{ field: 'rows', errors: ['must hold at least one candidate'] }] };
  const errors: CsvFieldError[] = [];
  const items: PanelItem[] = [];
  rows.forEach((cells, index) => {
    const line = index + 2;
    if (cells.length !== PANEL_CSV_COLUMNS.length) {
      errors.push({ field: `rows[${line}]`, errors: [`must have ${PANEL_CSV_COLUMNS.length} columns`] });
      return;
    }
    const row = Object.fromEntries(PANEL_CSV_COLUMNS.map((c, i) => [c, cells[i].trim()])) as Record<
      Column,
      string
    >;
    const faults = faultsOf(row);
    for (const column of faults) errors.push({ field: `rows[${line}].${column}`, errors: [MUST[column]] });
    if (faults.length === 0)
      items.push({
        ref: `rows[${line}]`,
        proposedCandidateId: row.candidate_id,
        explicitId: true,
        profile: profileOf(row),
      });
  });
  return errors.length > 0 ? { errors } : { items };
}

const COLUMN_OF: Record<string, Column> = {
  candidateId: 'candidate_id',
  name: 'family_name',
  dateOfBirth: 'date_of_birth',
  sex: 'sex',
  mbi: 'mbi',
  icd10: 'icd10_codes',
  onsetDate: 'icd10_codes',
  recordedDate: 'icd10_codes',
  kind: 'coverage_kind',
  start: 'coverage_start',
  end: 'coverage_end',
  date: 'last_visit_date',
  practitionerNpi: 'last_visit_npi',
};

/** The panel rules' refusals as the CSV's rows and columns (`rows[4].mbi`). */
export function csvFieldsOfRefusals(refusals: readonly PanelRefusal[]): string[] {
  return refusals.flatMap((refusal) =>
    (refusal.fields ?? ['candidateId']).map((field) => {
      const leaf = /(\w+)$/.exec(field)?.[1] ?? field;
      return `${refusal.ref}.${COLUMN_OF[leaf] ?? leaf}`;
    }),
  );
}
