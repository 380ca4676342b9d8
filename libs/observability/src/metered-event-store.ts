import type { EventStore } from '@ccm/event-store';
import type { CcmMetrics, EventStoreOperation } from './metrics';

const METERED: Readonly<Partial<Record<keyof EventStore, EventStoreOperation>>> = {
  append: 'append',
  readStream: 'read_stream',
  readAll: 'read_all',
};

/**
 * The same store, with the latency of append, readStream and readAll observed. A proxy rather than a
 * wrapper class: the adapter keeps its identity (the read side tells a SQLite store by `instanceof` to
 * give its projector a thread) and every other member reads through unchanged.
 */
export function meterEventStore<S extends EventStore>(store: S, metrics: CcmMetrics): S {
  // Bound once per method, again only if the store's method itself was replaced (a test's spy).
  const bound = new Map<PropertyKey, { readonly method: unknown; readonly fn: unknown }>();
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const cached = bound.get(property);
      if (cached?.method === value) return cached.fn;
      const operation = METERED[property as keyof EventStore];
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      const fn = operation ? timed(operation, method, metrics) : method;
      bound.set(property, { method: value, fn });
      return fn;
    },
  });
}

function timed(
  operation: EventStoreOperation,
  call: (...args: unknown[]) => unknown,
  metrics: CcmMetrics,
): (...args: unknown[]) => Promise<unknown> {
  return async (...args: unknown[]) => {
    const end = metrics.eventStoreDuration.startTimer({ operation });
    try {
      const result = await call(...args);
      end({ result: 'ok' });
      return result;
    } catch (error) {
      end({ result: 'error' });
      throw error;
    }
  };
}
