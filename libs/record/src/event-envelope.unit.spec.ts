import { GENESIS_HASH } from '@ccm/domain';
import { envelope, type EnvelopeInput } from './event-envelope';

const input: EnvelopeInput = {
  streamId: 'ccm.patient.riverside.pt-1',
  streamRevision: 2,
  previousHash: 'a'.repeat(64),
  events: [
    { type: 'TimeLogged', data: { entryId: 'e1' } },
    { type: 'Noted', data: { n: 1 } },
  ],
  context: {
    actor: { userId: 'rn-lopez', role: 'care_manager', practiceId: 'riverside' },
    correlationId: 'corr-1',
    causationId: 'req-1',
    idempotencyKey: 'time:e1',
  },
  recordedAt: new Date('2026-03-31T17:00:00Z'),
  timeZone: 'America/Chicago',
};

const ids = (changed: Partial<EnvelopeInput> = {}) => envelope({ ...input, ...changed }).map((e) => e.id);

describe('event ids under an idempotency key', () => {
  it('are the same for the same envelope sent again, so the store recognises a retried append', () => {
    expect(ids()).toEqual(ids());
    expect(new Set(ids()).size).toBe(2);
  });

  it('differ for another request with the same key, or the same request at another point of the chain', () => {
    const first = ids();
    const others = [
      ids({ context: { ...input.context, correlationId: 'corr-2' } }),
      ids({ context: { ...input.context, causationId: 'req-2' } }),
      ids({ recordedAt: new Date('2026-03-31T17:00:01Z') }),
      ids({ previousHash: GENESIS_HASH }),
      ids({ streamRevision: 3 }),
    ];
    for (const other of others) expect(other.some((id) => first.includes(id))).toBe(false);
  });

  it('are random without a key', () => {
    const { idempotencyKey: _key, ...context } = input.context;
    expect(ids({ context })).not.toEqual(ids({ context }));
  });
});
