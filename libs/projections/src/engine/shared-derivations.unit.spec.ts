import { PassDerivations, RecentDerivations } from './shared-derivations';

describe('derivations shared by the month-based read models', () => {
  it('live: derived once, reused by the others, dropped once every sharing read model has taken it', () => {
    const shared = new RecentDerivations(3, 100);
    let derived = 0;
    const derive = (): { n: number } => ({ n: ++derived });
    const first = shared.derive('month a', 'billable', derive);
    // The same read model asking again (a plan used for two months of a batch) is not another reader.
    expect(shared.derive('month a', 'billable', derive)).toBe(first);
    expect(shared.derive('month a', 'worklist', derive)).toBe(first);
    expect(shared.size).toBe(1);
    expect(shared.derive('month a', 'metrics', derive)).toBe(first);
    expect(shared.size).toBe(0);
    expect(derived).toBe(1);
    // Asked again after it was dropped (a redelivery): derived again, the same pure value.
    expect(shared.derive('month a', 'billable', derive)).toEqual({ n: 2 });
  });

  it('live: keeps at most its capacity, oldest first out, for read models that stopped taking', () => {
    const shared = new RecentDerivations(2, 3);
    for (const key of ['a', 'b', 'c', 'd']) shared.derive(key, 'billable', () => key);
    expect(shared.size).toBe(3);
    expect(shared.derive('a', 'worklist', () => 'derived again')).toBe('derived again');
    expect(shared.derive('d', 'worklist', () => 'derived again')).toBe('d');
  });

  it('live: a projector with one sharing read model keeps nothing', () => {
    const shared = new RecentDerivations(1, 100);
    shared.derive('a', 'billable', () => 1);
    expect(shared.size).toBe(0);
  });

  it('rebuild pass: every read model of the pass gets the value derived first', () => {
    const pass = new PassDerivations();
    let derived = 0;
    const derive = (): number => ++derived;
    for (const reader of ['billable', 'worklist', 'metrics', 'billable'])
      expect(pass.derive('k', reader, derive)).toBe(1);
  });
});
