import { accessLogShardsOf, ConfigurationError, loadConfig } from './config';

describe('configuration of periodic audit anchors', () => {
  it('signs every 60 minutes by default once a key is set, and never without one', () => {
    expect(loadConfig({ CCM_ANCHOR_KEY: 'k' })).toMatchObject({
      anchorKey: { keyId: 'default', secret: 'k' },
      anchorIntervalMinutes: 60,
    });
    expect(loadConfig({}).anchorKey).toBeUndefined();
  });

  it('takes a whole number of minutes, 0 turning it off, and refuses anything else', () => {
    expect(loadConfig({ CCM_ANCHOR_INTERVAL_MINUTES: '0' }).anchorIntervalMinutes).toBe(0);
    expect(loadConfig({ CCM_ANCHOR_INTERVAL_MINUTES: '15' }).anchorIntervalMinutes).toBe(15);
    for (const bad of ['-1', '1.5', 'hourly'])
      expect(() => loadConfig({ CCM_ANCHOR_INTERVAL_MINUTES: bad })).toThrow(ConfigurationError);
  });
});

describe('configuration of the cache of folded states', () => {
  it('holds states folded from 50,000 events by default, takes a whole number, 0 caching nothing', () => {
    expect(loadConfig({}).stateCacheEvents).toBe(50_000);
    expect(loadConfig({ CCM_STATE_CACHE_EVENTS: '0' }).stateCacheEvents).toBe(0);
    expect(loadConfig({ CCM_STATE_CACHE_EVENTS: '200000' }).stateCacheEvents).toBe(200_000);
    for (const bad of ['-1', '2.5', 'lots'])
      expect(() => loadConfig({ CCM_STATE_CACHE_EVENTS: bad })).toThrow(/CCM_STATE_CACHE_EVENTS/);
  });
});

describe('configuration of the access log shards', () => {
  it('writes one practice-wide stream by default, and takes 1 to 32 shards', () => {
    expect(loadConfig({}).accessLogShards).toBe(1);
    expect(loadConfig({ ACCESS_LOG_SHARDS: '4' }).accessLogShards).toBe(4);
    expect(loadConfig({ ACCESS_LOG_SHARDS: '32' }).accessLogShards).toBe(32);
    expect(accessLogShardsOf({ ACCESS_LOG_SHARDS: '2' })).toBe(2);
  });

  it('refuses anything else, naming the setting', () => {
    for (const bad of ['0', '-1', '33', '1.5', 'many', ''])
      expect(() => loadConfig({ ACCESS_LOG_SHARDS: bad })).toThrow(ConfigurationError);
    expect(() => accessLogShardsOf({ ACCESS_LOG_SHARDS: '33' })).toThrow(/ACCESS_LOG_SHARDS/);
  });
});
