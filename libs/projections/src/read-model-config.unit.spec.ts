import { join, resolve } from 'node:path';
import { loadReadSideConfig, ReadModelConfigurationError } from './read-model-config';

describe('read side configuration', () => {
  it('defaults to SQLite beside the events, projected inside the api, on a worker thread given the cores', () => {
    expect(loadReadSideConfig({ CCM_DATA_DIR: '/srv/ccm' }, 2)).toEqual({
      store: { kind: 'sqlite', filename: join(resolve('/srv/ccm'), 'read-models.sqlite') },
      projector: 'embedded',
      projectorThread: 'worker',
      projectorNice: 5,
      partitions: 1,
    });
    expect(loadReadSideConfig({}, 1).projectorThread).toBe('main');
    expect(loadReadSideConfig({ CCM_PROJECTOR_NICE: '0' }).projectorNice).toBe(0);
    expect(loadReadSideConfig({ CCM_PROJECTOR_NICE: '19' }).projectorNice).toBe(19);
    expect(loadReadSideConfig({ CCM_PROJECTOR_THREAD: 'main' }, 8).projectorThread).toBe('main');
  });

  it('leaves projection to the projector process with Redis, unless told otherwise', () => {
    expect(loadReadSideConfig({ READ_MODEL_STORE: 'redis', REDIS_URL: 'redis://cache:6380' }, 8)).toEqual({
      store: { kind: 'redis', url: 'redis://cache:6380' },
      projector: 'off',
      projectorThread: 'worker',
      projectorNice: 5,
      partitions: 1,
    });
    expect(
      loadReadSideConfig({
        READ_MODEL_STORE: 'redis',
        CCM_PROJECTOR: 'embedded',
        CCM_PROJECTOR_THREAD: 'main',
      }),
    ).toMatchObject({ projector: 'embedded', projectorThread: 'main' });
  });

  it('leaves deflating large documents to the store unless READ_MODEL_DEFLATE says', () => {
    expect(loadReadSideConfig({}).store.deflate).toBeUndefined();
    expect(loadReadSideConfig({ READ_MODEL_DEFLATE: 'on' }).store).toMatchObject({
      kind: 'sqlite',
      deflate: true,
    });
    expect(loadReadSideConfig({ READ_MODEL_STORE: 'redis', READ_MODEL_DEFLATE: 'off' }).store).toMatchObject({
      kind: 'redis',
      deflate: false,
    });
  });

  it.each([
    [{ READ_MODEL_STORE: 'postgres' }, 'READ_MODEL_STORE'],
    [{ CCM_PROJECTOR: 'sometimes' }, 'CCM_PROJECTOR must'],
    [{ CCM_PROJECTOR_THREAD: 'fiber' }, 'CCM_PROJECTOR_THREAD'],
    [{ CCM_PROJECTOR_NICE: '20' }, 'CCM_PROJECTOR_NICE'],
    [{ CCM_PROJECTOR_NICE: '-1' }, 'CCM_PROJECTOR_NICE'],
    [{ CCM_PROJECTOR_NICE: 'low' }, 'CCM_PROJECTOR_NICE'],
    [{ READ_MODEL_DEFLATE: 'yes' }, 'READ_MODEL_DEFLATE'],
  ])('refuses %j naming the setting', (env, setting) => {
    expect(() => loadReadSideConfig(env)).toThrow(ReadModelConfigurationError);
    expect(() => loadReadSideConfig(env)).toThrow(setting);
  });
});
