import { claimFile837p } from './claim-837p';
import { CLAIM_CSV_COLUMNS, claimFileCsv } from './claim-csv';
import { buildClaimFile, type ClaimFile } from './claim-file';
import { controlNumbersOf } from './control-numbers';
import { read837p } from './read-837p';
import { billableLine, demographicsOf, JANUARY_SETUP } from './testing/claim-fixtures';

const STAMP = { date: '2026-04-02', time: '09:30' };

/** Two claims: one rendered by a practitioner with an NPI of their own, one by the billing provider's. */
function twoClaims(generation = 1): ClaimFile {
  return buildClaimFile({
    practiceId: 'riverside',
    serviceMonth: '2026-03',
    generation,
    lines: [
      billableLine({ patientId: 'pt-1' }),
      billableLine({
        patientId: 'pt-2',
        codes: '99490x1',
        billingPractitionerNpi: JANUARY_SETUP.billingProvider.npi,
        diagnosisCodes: 'E11.9;I10;I50.9;J44.9;N18.3',
      }),
    ],
    setups: [JANUARY_SETUP],
    demographics: new Map([
      ['pt-1', demographicsOf()],
      ['pt-2', demographicsOf({ name: { given: ['Ann'], family: 'Lee' }, sex: 'male' })],
    ]),
  });
}

/** The service lines of the JSON form in the shape the 837P reader gives. */
const jsonLines = (file: ClaimFile) =>
  file.claims.flatMap((claim) =>
    claim.lines.map((l) => ({
      claimId: claim.claimId,
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

/** The CSV parsed by RFC 4180 (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  return rows;
}

describe('claim file as an 837P (005010X222A1) and as CSV', () => {
  it('parses back with node-x12 into the service lines of the JSON form', () => {
    const file = twoClaims();
    const read = read837p(claimFile837p(file, STAMP));
    expect(read.lines).toEqual(jsonLines(file));
    // pt-2 is rendered under the billing provider's own NPI: no 2310B loop for that claim.
    expect(read.segments.filter((s) => s.tag === 'NM1' && s.valueOf(1) === '82')).toHaveLength(1);
  });

  it('fills the envelope, loops and counts: ISA/GS/ST, BHT, 1000A/B, 2010AA, 2000B, CLM, HI, SE/GE/IEA', () => {
    const file = twoClaims(7);
    const edi = claimFile837p(file, STAMP);
    const { interchange, segments } = read837p(edi);
    const numbers = controlNumbersOf('2026-03', 7);
    expect(numbers).toEqual({
      interchange: '260300007',
      group: '260300007',
      transaction: '0001',
      reference: 'CCM202603G7',
    });
    expect(interchange.header.valueOf(13)).toBe(numbers.interchange);
    expect(interchange.header.valueOf(9)).toBe('260402');
    expect(interchange.trailer.valueOf(2)).toBe(numbers.interchange);
    const [group] = interchange.functionalGroups;
    expect(group.header.valueOf(8)).toBe('005010X222A1');
    expect(group.trailer.valueOf(1)).toBe('1');
    const [transaction] = group.transactions;
    // SE01 counts ST and SE with every segment between.
    expect(Number(transaction.trailer.valueOf(1))).toBe(transaction.segments.length + 2);
    const of = (tag: string) =>
      segments.filter((s) => s.tag === tag).map((s) => s.elements.map((e) => e.value));
    expect(of('BHT')).toEqual([['0019', '00', 'CCM202603G7', '20260402', '0930', 'CH']]);
    expect(of('REF')).toEqual([['EI', '123456789']]);
    expect(of('HL')).toEqual([
      ['1', '', '20', '1'],
      ['2', '1', '22', '0'],
      ['3', '1', '22', '0'],
    ]);
    const [first, second] = of('CLM');
    expect(first.slice(0, 5)).toEqual(['pt-1-202603', '230.00', '', '', '11:B:1']);
    expect(second[1]).toBe('90.00');
    expect(of('HI')).toEqual([
      ['ABK:E119', 'ABF:I10'],
      ['ABK:E119', 'ABF:I10', 'ABF:I509', 'ABF:J449', 'ABF:N183'],
    ]);
    // The name reaches the file in the basic character set: no accent, no delimiter.
    const subscriber = of('NM1').find((e) => e[0] === 'IL');
    expect(subscriber).toEqual(['IL', '1', "O'KAFOR, JR", 'MARIA', 'ELENA', '', '', 'MI', '1EG4TE5MK73']);
    expect(of('DMG')).toEqual([
      ['D8', '19460914', 'F'],
      ['D8', '19460914', 'M'],
    ]);
  });

  it('is the same bytes for the same practice, month, generation and stamp', () => {
    expect(claimFile837p(twoClaims(), STAMP)).toBe(claimFile837p(twoClaims(), STAMP));
    expect(claimFile837p(twoClaims(2), STAMP)).not.toBe(claimFile837p(twoClaims(), STAMP));
  });

  it('writes one CSV row per service line, RFC 4180 quoted, agreeing with the JSON and the 837P', () => {
    const file = twoClaims();
    const [header, ...rows] = parseCsv(claimFileCsv(file));
    expect(header).toEqual(CLAIM_CSV_COLUMNS.map((c) => c.name));
    const cell = (row: string[], name: string) => row[header.indexOf(name)];
    const fromCsv = rows.map((row) => ({
      claimId: cell(row, 'claimId'),
      lineNumber: Number(cell(row, 'lineNumber')),
      code: cell(row, 'code'),
      units: Number(cell(row, 'units')),
      chargeCents: Number(cell(row, 'chargeCents')),
      dateOfService: cell(row, 'dateOfService'),
      diagnosisPointers: cell(row, 'diagnosisPointers').split(';').map(Number),
      billingNpi: cell(row, 'billingNpi'),
      renderingNpi: cell(row, 'renderingNpi'),
    }));
    expect(fromCsv).toEqual(jsonLines(file));
    expect(fromCsv).toEqual(read837p(claimFile837p(file, STAMP)).lines);
    // A comma in the family name and a line break between address lines survive quoting.
    expect(cell(rows[0], 'patientFamilyName')).toBe("O'Kafor, Jr");
    expect(cell(rows[0], 'patientAddressLines')).toBe('12 Elm St\nApt 4');
  });

  it('refuses to make an 837P with no claim in it', () => {
    const empty = { ...twoClaims(), claims: [] };
    expect(() => claimFile837p(empty, STAMP)).toThrow(RangeError);
    expect(() => controlNumbersOf('2026-03', 0)).toThrow(RangeError);
  });
});
