import { ConfigurationError, loadConfig } from './config';

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
