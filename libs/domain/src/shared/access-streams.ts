import { STREAM_PREFIX } from './ids';

/** Who read a patient's record: written by the access log, shown in the patient's audit trail. */
export const PATIENT_ACCESS_EVENT = 'PatientRecordAccessed';
/** Reads across many patients (lists, exports) of one practice. */
export const PRACTICE_ACCESS_EVENT = 'PracticeRecordsAccessed';

/** Each patient's reads in their own append-only stream, so the patient's audit trail can show them. */
export const patientAccessStreamId = (practiceId: string, patientId: string): string =>
  `${STREAM_PREFIX}access.${practiceId}.${patientId}`;
/** Reads across many patients (lists, exports) of one practice. */
export const practiceAccessStreamId = (practiceId: string): string => `${STREAM_PREFIX}access.${practiceId}`;

export function parsePatientAccessStreamId(
  streamId: string,
): { practiceId: string; patientId: string } | undefined {
  const match = /^ccm\.access\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(streamId);
  return match ? { practiceId: match[1], patientId: match[2] } : undefined;
}
