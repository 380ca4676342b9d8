import type { PatientState } from '@ccm/domain';
import { claimFile837p, type FileStamp } from './claim-837p';
import { claimFileCsv } from './claim-csv';
import type { ClaimDemographics, ClaimFile } from './claim-file';
import { controlNumbersOf } from './control-numbers';

export const CLAIM_FILE_FORMATS = ['json', 'csv', '837p'] as const;
export type ClaimFileFormat = (typeof CLAIM_FILE_FORMATS)[number];

export const CLAIM_FILE_MEDIA_TYPES: Readonly<Record<ClaimFileFormat, string>> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  '837p': 'application/edi-x12',
};

export const claimFileName = (file: ClaimFile, format: ClaimFileFormat): string =>
  `claims-${file.serviceMonth}-g${file.generation}.${format === '837p' ? 'x12' : format}`;

/**
 * The bytes of a claim file in one of its forms: the api's route and the command line both print this,
 * so the same record, generation and stamp give the same file. Only the 837P carries the stamp.
 */
export function formatClaimFile(file: ClaimFile, format: ClaimFileFormat, stamp: FileStamp): string {
  switch (format) {
    case 'json': {
      const { practiceId, serviceMonth, generation, claims, notReady } = file;
      const controlNumbers = controlNumbersOf(serviceMonth, generation);
      return `${JSON.stringify({ practiceId, serviceMonth, generation, controlNumbers, claims, notReady }, null, 2)}\n`;
    }
    case 'csv':
      return claimFileCsv(file);
    case '837p':
      return claimFile837p(file, stamp);
  }
}

/** The patient's current demographics (corrections applied), as a claim carries them. */
export function claimDemographicsOf(state: PatientState): ClaimDemographics | undefined {
  if (state.status === 'not_enrolled' || !state.demographics) return undefined;
  const { name, dateOfBirth, sex, mbi, address } = state.demographics;
  return { name, dateOfBirth, sex, mbi, address };
}
