/** Opaque identifiers chosen by clients: letters, digits, `_` and `-`, so they can be part of stream names. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const isId = (value: string): boolean => ID_PATTERN.test(value);

export const STREAM_PREFIX = 'ccm.';
export const practiceStreamId = (practiceId: string): string => `${STREAM_PREFIX}practice.${practiceId}`;
export const patientStreamId = (practiceId: string, patientId: string): string =>
  `${STREAM_PREFIX}patient.${practiceId}.${patientId}`;
export const patientStreamPrefix = (practiceId: string): string => `${STREAM_PREFIX}patient.${practiceId}.`;

export const candidateStreamId = (practiceId: string, candidateId: string): string =>
  `${STREAM_PREFIX}candidate.${practiceId}.${candidateId}`;
export const candidateStreamPrefix = (practiceId: string): string =>
  `${STREAM_PREFIX}candidate.${practiceId}.`;

export function parseCandidateStreamId(
  streamId: string,
): { practiceId: string; candidateId: string } | undefined {
  const match = /^ccm\.candidate\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(streamId);
  return match ? { practiceId: match[1], candidateId: match[2] } : undefined;
}

export function parsePatientStreamId(
  streamId: string,
): { practiceId: string; patientId: string } | undefined {
  const match = /^ccm\.patient\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(streamId);
  return match ? { practiceId: match[1], patientId: match[2] } : undefined;
}

/** NPI check digit: Luhn over the nine digits prefixed by the card issuer prefix 80840. */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi}`.split('').map(Number);
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits[i];
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
