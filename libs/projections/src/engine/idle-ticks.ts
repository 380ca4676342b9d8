export const IDLE = { kind: 'idle' } as const;
export type Idle = typeof IDLE;

/**
 * Passes a subscription's messages through and adds an `idle` message whenever none has arrived for
 * `idleMs`, so a consumer that batches can still use `for await` and flush when the stream goes quiet.
 * The pending read is kept, never dropped: no message is lost or reordered by a tick.
 */
export async function* withIdleTicks<T>(source: AsyncIterable<T>, idleMs: number): AsyncGenerator<T | Idle> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined;
  try {
    for (;;) {
      pending ??= iterator.next();
      const result = await raceTimeout(pending, idleMs);
      if (isIdle(result)) {
        yield IDLE;
        continue;
      }
      pending = undefined;
      if (result.done) return;
      yield result.value;
    }
  } finally {
    // A read may still be pending; the owner closes the subscription, which settles it.
    void iterator.return?.()?.catch(() => undefined);
  }
}

const isIdle = <R>(value: R | Idle): value is Idle => value === IDLE;

function raceTimeout<R>(promise: Promise<R>, ms: number): Promise<R | Idle> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Idle>((resolve) => {
    timer = setTimeout(() => resolve(IDLE), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
