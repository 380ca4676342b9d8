import { practiceAccessShardStreamId, practiceAccessStreamId, patientAccessStreamId } from '@ccm/domain';
import { partitionOf, partitionOfStream, practiceOfStream } from './partitions';

describe('the practice of an access log stream', () => {
  it('is the practice of every access stream, sharded or not, so its partition is the practice’s', () => {
    for (const streamId of [
      practiceAccessStreamId('riverside'),
      practiceAccessShardStreamId('riverside', 5),
      patientAccessStreamId('riverside', 'pt-1'),
    ]) {
      expect(practiceOfStream(streamId)).toBe('riverside');
      expect(partitionOfStream(streamId, 8)).toBe(partitionOf('riverside', 8));
    }
  });
});
