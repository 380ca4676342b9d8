import { csvFieldsOfRefusals, csvRecords, panelFromCsv, PANEL_CSV_COLUMNS } from './panel-csv';

const HEADER = PANEL_CSV_COLUMNS.join(',');

describe('panel CSV', () => {
  it('reads RFC 4180 records: quoted commas, doubled quotes, CRLF and a missing last newline', () => {
    expect(csvRecords('a,"b, c","say ""hi"""\r\nd,,f')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['d', '', 'f'],
    ]);
  });

  it('turns each row into a candidate named by its id, codes split on ;', () => {
    const panel = panelFromCsv(
      `${HEADER}\ncsv-1,"Ida May",Fairweather,1944-02-11,female,1eg4-te5-mk73,E11.9; I10,medicare_part_b,2009-02-01,,2026-03-10,1234567893\n`,
    );
    expect(panel).toEqual({
      items: [
        {
          ref: 'rows[2]',
          proposedCandidateId: 'csv-1',
          explicitId: true,
          profile: {
            source: 'csv',
            name: { given: ['Ida', 'May'], family: 'Fairweather' },
            dateOfBirth: '1944-02-11',
            sex: 'female',
            mbi: '1eg4-te5-mk73',
            conditions: [{ icd10: 'E11.9' }, { icd10: 'I10' }],
            coverages: [{ kind: 'medicare_part_b', start: '2009-02-01' }],
            encounters: [{ date: '2026-03-10', practitionerNpi: '1234567893' }],
          },
        },
      ],
    });
  });

  it('names every field at fault by row and column, never its value', () => {
    const result = panelFromCsv(
      `${HEADER}\nbad id,,Smith,1950-02-30,f,1EG4TE5MK7S,E11.9;Q,dental,,,,1234567893\nx,y\n`,
    );
    expect(result).toEqual({
      errors: [
        { field: 'rows[2].candidate_id', errors: [expect.any(String)] },
        { field: 'rows[2].given_names', errors: [expect.any(String)] },
        { field: 'rows[2].date_of_birth', errors: [expect.any(String)] },
        { field: 'rows[2].sex', errors: [expect.any(String)] },
        { field: 'rows[2].mbi', errors: [expect.any(String)] },
        { field: 'rows[2].icd10_codes', errors: [expect.any(String)] },
        { field: 'rows[2].coverage_kind', errors: [expect.any(String)] },
        { field: 'rows[2].last_visit_npi', errors: [expect.any(String)] },
        { field: 'rows[3]', errors: ['must have 12 columns'] },
      ],
    });
    expect(JSON.stringify(result)).not.toMatch(/Smith|MK7S|dental/);
    expect(panelFromCsv('candidate,name\n')).toEqual({
      errors: [{ field: 'header', errors: [expect.any(String)] }],
    });
  });

  it('points the panel rules’ refusals at rows and columns', () => {
    expect(
      csvFieldsOfRefusals([
        { ref: 'rows[4]', code: 'CANDIDATE_MBI_HELD', message: '', fields: ['mbi'] },
        {
          ref: 'rows[5]',
          code: 'CANDIDATE_INVALID',
          message: '',
          fields: ['conditions[1].icd10', 'dateOfBirth'],
        },
      ]),
    ).toEqual(['rows[4].mbi', 'rows[5].icd10_codes', 'rows[5].date_of_birth']);
  });
});
