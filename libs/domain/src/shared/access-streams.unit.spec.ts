import {
  MAX_ACCESS_LOG_SHARDS,
  parsePatientAccessStreamId,
  patientAccessStreamId,
  practiceAccessShardStreamId,
  practiceAccessStreamId,
  practiceAccessStreamIds,
} from './access-streams';
import { isId } from './ids';

describe('access log stream names', () => {
  it('names each shard of a practice-wide log beside the unsharded stream', () => {
    expect(practiceAccessStreamId('riverside')).toBe('ccm.access.riverside');
    expect(practiceAccessShardStreamId('riverside', 0)).toBe('ccm.access.riverside.~0');
    expect(practiceAccessShardStreamId('riverside', 31)).toBe('ccm.access.riverside.~31');
    expect(practiceAccessStreamIds('riverside')).toHaveLength(MAX_ACCESS_LOG_SHARDS + 1);
    expect(practiceAccessStreamIds('riverside')[0]).toBe('ccm.access.riverside');
  });

  it('refuses a shard outside 0 to MAX - 1', () => {
    for (const shard of [-1, MAX_ACCESS_LOG_SHARDS, 1.5, Number.NaN])
      expect(() => practiceAccessShardStreamId('riverside', shard)).toThrow(RangeError);
  });

  it('parses a patient access stream, and never a shard or the unsharded stream as one', () => {
    expect(parsePatientAccessStreamId(patientAccessStreamId('riverside', 'pt-1'))).toEqual({
      practiceId: 'riverside',
      patientId: 'pt-1',
    });
    for (const shard of [0, 7, MAX_ACCESS_LOG_SHARDS - 1]) {
      const streamId = practiceAccessShardStreamId('riverside', shard);
      expect(parsePatientAccessStreamId(streamId)).toBeUndefined();
      // No patient id can spell a shard's last part.
      expect(isId(streamId.split('.')[3])).toBe(false);
    }
    expect(parsePatientAccessStreamId(practiceAccessStreamId('riverside'))).toBeUndefined();
  });
});
