import { X12Interchange } from 'node-x12';
import type { PersonName, PostalAddress } from '@ccm/domain';
import type { Claim, ClaimFile } from './claim-file';
import { controlNumbersOf } from './control-numbers';

/** When the file was made, on the practice's wall clock: ISA09/10, GS04/05 and BHT04/05. */
export interface FileStamp {
  readonly date: string;
  readonly time: string;
}

export const IMPLEMENTATION_GUIDE = '005010X222A1';

type Segment = readonly [tag: string, elements: readonly string[]];

/**
 * X12 text takes no delimiter of ours and, to be safe with every MAC, only the basic character set:
 * letters without accents, upper case, digits, space and a little punctuation.
 */
export function x12Text(value: string, max = 60): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9 ,.\-'&/#()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

const dollars = (cents: number): string => (cents / 100).toFixed(2);
const compactDate = (date: string): string => date.replace(/-/g, '');
const compactTime = (time: string): string => time.replace(':', '').slice(0, 4);
/** ICD-10 codes go on the claim without their dot. */
const icdOnClaim = (code: string): string => code.replace('.', '').toUpperCase();
const sexOnClaim = (sex: string): string => (sex === 'female' ? 'F' : sex === 'male' ? 'M' : 'U');

function addressSegments(address: PostalAddress): Segment[] {
  const [first, ...rest] = address.lines.map((l) => x12Text(l, 55));
  return [
    ['N3', rest.length > 0 ? [first, x12Text(rest.join(' '), 55)] : [first]],
    ['N4', [x12Text(address.city, 30), address.state, address.postalCode]],
  ];
}

function subscriberName(name: PersonName, mbi: string): Segment {
  const [first, ...middle] = name.given;
  return [
    'NM1',
    ['IL', '1', x12Text(name.family), x12Text(first, 35), x12Text(middle.join(' '), 25), '', '', 'MI', mbi],
  ];
}

function claimSegments(claim: Claim): Segment[] {
  const segments: Segment[] = [
    ['SBR', ['P', '18', '', '', '', '', '', '', 'MB']],
    subscriberName(claim.patient.name, claim.patient.mbi),
    ...addressSegments(claim.patient.address),
    ['DMG', ['D8', compactDate(claim.patient.dateOfBirth), sexOnClaim(claim.patient.sex)]],
    ['NM1', ['PR', '2', x12Text(claim.payer.name), '', '', '', '', 'PI', claim.payer.id]],
    [
      'CLM',
      [
        claim.claimId,
        dollars(claim.totalChargeCents),
        '',
        '',
        `${claim.placeOfService}:B:1`,
        'Y',
        'A',
        'Y',
        'Y',
      ],
    ],
    ['HI', claim.diagnosisCodes.map((code, i) => `${i === 0 ? 'ABK' : 'ABF'}:${icdOnClaim(code)}`)],
  ];
  // 2310B only when the practitioner is not the billing provider. The roster keeps no practitioner names,
  // so the last name carries the roster id (see docs/claim-file.md).
  if (claim.renderingNpi !== claim.billingProvider.npi) {
    segments.push([
      'NM1',
      ['82', '1', x12Text(claim.billingPractitionerId), '', '', '', '', 'XX', claim.renderingNpi],
    ]);
  }
  for (const line of claim.lines) {
    segments.push(
      ['LX', [String(line.lineNumber)]],
      [
        'SV1',
        [
          `HC:${line.code}`,
          dollars(line.chargeCents),
          'UN',
          String(line.units),
          '',
          '',
          line.diagnosisPointers.join(':'),
        ],
      ],
      ['DTP', ['472', 'D8', compactDate(line.dateOfService)]],
    );
  }
  return segments;
}

/** Loops 2000A (billing provider) and, under each, 2000B (subscriber, who is the patient) with the claim. */
function providerLoops(claims: readonly Claim[]): Segment[] {
  const groups = new Map<string, Claim[]>();
  for (const claim of claims) groups.set(claim.setupId, [...(groups.get(claim.setupId) ?? []), claim]);
  const segments: Segment[] = [];
  let hl = 0;
  for (const group of groups.values()) {
    const provider = group[0].billingProvider;
    const parent = ++hl;
    segments.push(
      ['HL', [String(parent), '', '20', '1']],
      ['NM1', ['85', '2', x12Text(provider.organisationName), '', '', '', '', 'XX', provider.npi]],
      ...addressSegments(provider.address),
      ['REF', ['EI', provider.taxId]],
    );
    for (const claim of group) {
      segments.push(['HL', [String(++hl), String(parent), '22', '0']], ...claimSegments(claim));
    }
  }
  return segments;
}

const padded = (value: string, width: number): string => value.padEnd(width, ' ').slice(0, width);

/**
 * The claims of a file as an ASC X12 837P (005010X222A1) interchange, built with node-x12, which also
 * counts the segments for SE, GE and IEA. Claims not ready are not in it. The submitter (1000A) and the
 * billing provider of the first claim's setup; the receiver (1000B) is its payer.
 */
export function claimFile837p(file: ClaimFile, stamp: FileStamp): string {
  if (file.claims.length === 0) throw new RangeError('an 837P carries at least one claim');
  const numbers = controlNumbersOf(file.serviceMonth, file.generation);
  const first = file.claims[0];
  const sender = first.billingProvider;
  const receiver = first.payer;
  const interchange = new X12Interchange({
    elementDelimiter: '*',
    segmentTerminator: '~',
    subElementDelimiter: ':',
    repetitionDelimiter: '^',
    endOfLine: '\n',
    format: true,
  });
  const date = compactDate(stamp.date);
  const time = compactTime(stamp.time);
  interchange.setHeader([
    '00',
    padded('', 10),
    '00',
    padded('', 10),
    'ZZ',
    padded(sender.npi, 15),
    'ZZ',
    padded(receiver.id, 15),
    date.slice(2),
    time,
    '^',
    '00501',
    numbers.interchange,
    '0',
    'P',
    ':',
  ]);
  const group = interchange.addFunctionalGroup();
  group.setHeader(['HC', sender.npi, receiver.id, date, time, numbers.group, 'X', IMPLEMENTATION_GUIDE]);
  const transaction = group.addTransaction();
  transaction.setHeader(['837', numbers.transaction, IMPLEMENTATION_GUIDE]);
  const segments: Segment[] = [
    ['BHT', ['0019', '00', numbers.reference, date, time, 'CH']],
    ['NM1', ['41', '2', x12Text(sender.organisationName), '', '', '', '', '46', sender.npi]],
    ['PER', ['IC', x12Text(sender.organisationName), 'TE', sender.phone]],
    ['NM1', ['40', '2', x12Text(receiver.name), '', '', '', '', '46', receiver.id]],
    ...providerLoops(file.claims),
  ];
  for (const [tag, elements] of segments) transaction.addSegment(tag, [...elements]);
  return `${interchange.toString()}\n`;
}
