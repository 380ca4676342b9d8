/**
 * The numbers that identify one claim file, the same every time the file is built again: ISA13 and
 * GS06 are the service month's `YYMM` followed by the generation in 5 digits (2026-03, generation 1:
 * `260300001`); ST02 is `0001` (one transaction a file); BHT03 is `CCM<YYYYMM>G<generation>`. The sender
 * (ISA06, GS02) is the practice's billing NPI, so the pair is unique per practice, month and generation.
 */
export interface ControlNumbers {
  readonly interchange: string;
  readonly group: string;
  readonly transaction: string;
  readonly reference: string;
}

export const MAX_GENERATION = 99_999;

export function controlNumbersOf(serviceMonth: string, generation: number): ControlNumbers {
  if (!Number.isInteger(generation) || generation < 1 || generation > MAX_GENERATION) {
    throw new RangeError(`the generation is a whole number from 1 to ${MAX_GENERATION}`);
  }
  const [year, month] = serviceMonth.split('-');
  const interchange = `${year.slice(2)}${month}${String(generation).padStart(5, '0')}`;
  return {
    interchange,
    group: interchange,
    transaction: '0001',
    reference: `CCM${year}${month}G${generation}`,
  };
}
