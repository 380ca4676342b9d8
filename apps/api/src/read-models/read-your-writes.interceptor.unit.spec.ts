import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { ALL_PROJECTIONS, type ReadModelStore, type ReaderVersion } from '@ccm/projections';
import { firstValueFrom, of } from 'rxjs';
import { ApiError } from '../http/api-error';
import { PatientReadsController } from './patient-reads.controller';
import type { ReadSide } from './read-side';
import { ReadYourWritesInterceptor } from './read-your-writes.interceptor';

/** A store whose read models stand at one checkpoint, built or not; each poll may move them on. */
function readModelsAt(stand: () => { checkpoint: string; built: boolean }): ReadSide {
  const readModels: Pick<ReadModelStore, 'readerVersion' | 'checkpoint'> = {
    readerVersion: async (): Promise<ReaderVersion> => ({
      version: 1,
      built: stand().built,
      layout: 1,
      partitions: 1,
    }),
    checkpoint: async () => stand().checkpoint,
  };
  return { readModels } as unknown as ReadSide;
}

function readWithMinPosition(position: string): ExecutionContext {
  const request = { headers: { 'x-ccm-min-position': position } };
  return {
    getClass: () => PatientReadsController,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

const answering: CallHandler = { handle: () => of('answered') };

async function intercept(readSide: ReadSide, position: string): Promise<unknown> {
  const interceptor = new ReadYourWritesInterceptor(readSide);
  return firstValueFrom(await interceptor.intercept(readWithMinPosition(position), answering));
}

describe('ReadYourWritesInterceptor', () => {
  const waitBefore = process.env.CCM_READ_WAIT_MS;
  beforeAll(() => {
    process.env.CCM_READ_WAIT_MS = '200';
  });
  afterAll(() => {
    if (waitBefore === undefined) delete process.env.CCM_READ_WAIT_MS;
    else process.env.CCM_READ_WAIT_MS = waitBefore;
  });

  it('waits for a version past the position to be built before answering from it', async () => {
    let polls = 0;
    const readSide = readModelsAt(() => {
      polls += 1;
      // Past the position from the start; readers may use it only from the third round of reads on.
      return { checkpoint: '90/90', built: polls > 2 * ALL_PROJECTIONS.length };
    });
    await expect(intercept(readSide, '50/50')).resolves.toBe('answered');
    expect(polls).toBeGreaterThan(2 * ALL_PROJECTIONS.length);
  });

  it('lets a version still unbuilt at the deadline answer for itself (it says it is being rebuilt)', async () => {
    const readSide = readModelsAt(() => ({ checkpoint: '90/90', built: false }));
    await expect(intercept(readSide, '50/50')).resolves.toBe('answered');
  });

  it('says READ_MODEL_BEHIND when the read models stay short of the position', async () => {
    const readSide = readModelsAt(() => ({ checkpoint: '10/10', built: true }));
    const refused = await intercept(readSide, '50/50').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).getResponse()).toMatchObject({
      statusCode: 503,
      reason: 'READ_MODEL_BEHIND',
    });
  });
});
