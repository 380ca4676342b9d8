import { X12Interchange, X12Parser, type X12Segment } from 'node-x12';

/** A service line as an 837P states it, read back with node-x12's parser. */
export interface ServiceLineIn837p {
  readonly claimId: string;
  readonly lineNumber: number;
  readonly code: string;
  readonly units: number;
  readonly chargeCents: number;
  readonly dateOfService: string;
  readonly diagnosisPointers: readonly number[];
  readonly billingNpi: string;
  /** The 2310B NPI where the claim has one, else the billing provider's (who then rendered it). */
  readonly renderingNpi: string;
}

export interface Read837p {
  readonly interchange: X12Interchange;
  readonly segments: readonly X12Segment[];
  readonly lines: readonly ServiceLineIn837p[];
}

const cents = (amount: string): number => Math.round(Number(amount) * 100);
const isoDate = (compact: string): string =>
  `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;

/**
 * Parses an 837P strictly and walks its loops: the billing provider NPI from each 2010AA, the claim id
 * from CLM, the rendering NPI from 2310B, and every LX/SV1/DTP*472. For tests and for a biller checking a
 * file against the JSON; not a general 837 reader.
 */
export function read837p(edi: string): Read837p {
  const parsed = new X12Parser(true).parse(edi);
  if (!(parsed instanceof X12Interchange)) throw new Error('one interchange expected');
  const segments = parsed.functionalGroups.flatMap((g) => g.transactions.flatMap((t) => t.segments));
  const lines: ServiceLineIn837p[] = [];
  let billingNpi = '';
  let claimId = '';
  let renderingNpi = '';
  let current: Omit<ServiceLineIn837p, 'dateOfService'> | undefined;
  for (const segment of segments) {
    const at = (position: number) => segment.valueOf(position, '');
    switch (segment.tag) {
      case 'NM1':
        if (at(1) === '85') billingNpi = at(9);
        if (at(1) === '82') renderingNpi = at(9);
        break;
      case 'CLM':
        claimId = at(1);
        renderingNpi = '';
        break;
      case 'SV1': {
        const [, code] = at(1).split(':');
        current = {
          claimId,
          lineNumber: lines.filter((l) => l.claimId === claimId).length + 1,
          code,
          units: Number(at(4)),
          chargeCents: cents(at(2)),
          diagnosisPointers: at(7).split(':').map(Number),
          billingNpi,
          renderingNpi: renderingNpi || billingNpi,
        };
        break;
      }
      case 'DTP':
        if (at(1) === '472' && current) {
          lines.push({ ...current, dateOfService: isoDate(at(3)) });
          current = undefined;
        }
        break;
    }
  }
  return { interchange: parsed, segments, lines };
}
