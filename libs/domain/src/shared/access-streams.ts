import { STREAM_PREFIX } from './ids';

/** Who read a patient's record: written by the access log, shown in the patient's audit trail. */
export const PATIENT_ACCESS_EVENT = 'PatientRecordAccessed';
/** Reads across many patients (lists, exports) of one practice. */
export const PRACTICE_ACCESS_EVENT = 'PracticeRecordsAccessed';

/** Each patient's reads in their own append-only stream, so the patient's audit trail can show them. */
export const patientAccessStreamId = (practiceId: string, patientId: string): string =>
  `${STREAM_PREFIX}access.${practiceId}.${patientId}`;
/**
 * Reads across many patients (lists, exports) of one practice: the single stream a process writes when
 * the access log is not sharded, and every such read written before it was.
 */
export const practiceAccessStreamId = (practiceId: string): string => `${STREAM_PREFIX}access.${practiceId}`;

/**
 * How many shards the practice-wide access log may be split into. A reader of a practice's log reads
 * every one of them, so the bound keeps that read small whatever the shard count was when reads were logged.
 */
export const MAX_ACCESS_LOG_SHARDS = 32;

/**
 * One shard of a practice's practice-wide reads, its own hash chain, so api replicas writing different
 * shards do not contend for one stream's end. `~` is outside ID_PATTERN: a shard stream can never be
 * taken for a patient's access stream.
 */
export function practiceAccessShardStreamId(practiceId: string, shard: number): string {
  if (!Number.isInteger(shard) || shard < 0 || shard >= MAX_ACCESS_LOG_SHARDS)
    throw new RangeError(`an access log shard is a whole number from 0 to ${MAX_ACCESS_LOG_SHARDS - 1}`);
  return `${STREAM_PREFIX}access.${practiceId}.~${shard}`;
}

/** Every stream that may hold a practice's practice-wide reads: the unsharded one, then each shard. */
export const practiceAccessStreamIds = (practiceId: string): string[] => [
  practiceAccessStreamId(practiceId),
  ...Array.from({ length: MAX_ACCESS_LOG_SHARDS }, (_, shard) =>
    practiceAccessShardStreamId(practiceId, shard),
  ),
];

export function parsePatientAccessStreamId(
  streamId: string,
): { practiceId: string; patientId: string } | undefined {
  const match = /^ccm\.access\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(streamId);
  return match ? { practiceId: match[1], patientId: match[2] } : undefined;
}
