import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { comparePositions, parsePosition, type GlobalPosition } from '@ccm/event-store';
import { ALL_PROJECTIONS } from '@ccm/projections';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { ApiError } from '../http/api-error';
import { PatientReadsController } from './patient-reads.controller';
import { MetricsReadsController } from './metrics-reads.controller';
import { PracticeReadsController } from './practice-reads.controller';
import { ReadSide } from './read-side';

/** A command's `X-CCM-Position`, sent back on a read: answer only once the read models include it. */
export const MIN_POSITION_HEADER = 'x-ccm-min-position';

/** Read routes answered from read models; the others read the event store and are always current. */
const READ_MODEL_CONTROLLERS: ReadonlySet<unknown> = new Set([
  PatientReadsController,
  PracticeReadsController,
  MetricsReadsController,
]);

const POLL_MS = 10;

/**
 * Read-your-writes on request: with `X-CCM-Min-Position`, a read waits (up to CCM_READ_WAIT_MS, 2 s by
 * default) until every read model readers use has applied that position, then answers; if they have not
 * by then, a 503 says so rather than an answer that silently misses the caller's own write.
 */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  private readonly waitMs: number;

  constructor(private readonly readSide: ReadSide) {
    const configured = Number(process.env.CCM_READ_WAIT_MS ?? 2000);
    this.waitMs = Number.isFinite(configured) && configured >= 0 ? configured : 2000;
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (!READ_MODEL_CONTROLLERS.has(context.getClass())) return next.handle();
    const header = context.switchToHttp().getRequest<Request>().headers[MIN_POSITION_HEADER];
    if (header === undefined) return next.handle();
    let wanted: GlobalPosition;
    try {
      if (typeof header !== 'string') throw new Error('repeated');
      wanted = parsePosition(header.trim());
    } catch {
      throw new ApiError(400, 'VALIDATION_FAILED', 'A header is malformed.', {
        fields: [
          { field: 'X-CCM-Min-Position', errors: ['must be a position this api returned (X-CCM-Position)'] },
        ],
      });
    }
    const deadline = Date.now() + this.waitMs;
    for (let standing = await this.standing(wanted); standing !== 'included';) {
      if (Date.now() >= deadline) {
        // A version still being built answers with its progress (READ_MODEL_REBUILDING) instead.
        if (standing === 'unbuilt') return next.handle();
        throw new ApiError(
          503,
          'READ_MODEL_BEHIND',
          'The read models have not caught up with that position yet; retry shortly.',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      standing = await this.standing(wanted);
    }
    return next.handle();
  }

  /**
   * Whether every read model readers use includes the position. A version past it that has not caught up
   * once is not yet served (its readers answer that it is being rebuilt), so the read waits for that too.
   */
  private async standing(wanted: GlobalPosition): Promise<'included' | 'behind' | 'unbuilt'> {
    const store = this.readSide.readModels;
    let unbuilt = false;
    for (const { name } of ALL_PROJECTIONS) {
      const reader = await store.readerVersion(name);
      const checkpoint =
        reader === undefined
          ? undefined
          : await store.checkpoint({ projection: name, version: reader.version });
      if (!checkpoint || comparePositions(parsePosition(checkpoint), wanted) < 0) return 'behind';
      if (!reader?.built) unbuilt = true;
    }
    return unbuilt ? 'unbuilt' : 'included';
  }
}
