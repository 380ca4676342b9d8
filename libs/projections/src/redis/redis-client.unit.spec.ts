import { clusterAddress, isClusterUrl } from './redis-client';

describe('Redis addresses', () => {
  it('tells a cluster URL from a single server', () => {
    expect(isClusterUrl('redis-cluster://10.0.0.1:7000')).toBe(true);
    expect(isClusterUrl('redis://10.0.0.1:6379/0')).toBe(false);
  });

  it('reads the seed nodes and the credentials of a cluster URL', () => {
    expect(clusterAddress('redis-cluster://10.0.0.1:7000,10.0.0.2:7001, redis-c:7002/')).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: 'redis-c', port: 7002 },
      ],
      credentials: {},
    });
    expect(clusterAddress('redis-cluster://:p%40ss@a:1,b:2')).toEqual({
      nodes: [
        { host: 'a', port: 1 },
        { host: 'b', port: 2 },
      ],
      credentials: { password: 'p@ss' },
    });
    expect(clusterAddress('redis-cluster://ccm:secret@a').credentials).toEqual({
      username: 'ccm',
      password: 'secret',
    });
    expect(clusterAddress('redis-cluster://ccm:secret@a').nodes).toEqual([{ host: 'a', port: 6379 }]);
  });
});
