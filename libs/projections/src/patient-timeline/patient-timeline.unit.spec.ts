import { auditEntryOf, type AuditEntry } from '../audit-trail/audit-entry';
import { evolveAudit, type AuditHeader } from '../audit-trail/audit-index';
import { envelopesOf } from '../testing/fold-patient-months';
import { itemIndexesInMemory } from '../testing/audit-items';
import { PRACTICE, standardStory } from '../testing/scenario';
import { timelineEntryOf } from './timeline-entry';

describe('patient timeline (given events, then entries read from the audit trail)', () => {
  let envelopes: Awaited<ReturnType<typeof envelopesOf>>;
  let entries: AuditEntry[];
  beforeAll(async () => {
    envelopes = envelopesOf(await (await standardStory()).events(), PRACTICE, 'pt-1');
    let header: AuditHeader | undefined;
    const items = itemIndexesInMemory();
    entries = [];
    for (const envelope of envelopes) {
      const next = evolveAudit(header, envelope, items)!;
      items.keep(next.item);
      header = next.header;
      entries.push(auditEntryOf(envelope, next.note));
    }
  });

  it('turns every audit entry into one saying what, who, when recorded and when it happened', () => {
    const logged = entries.find(
      (e) => e.type === 'TimeLogged' && (e.change as { entryId?: string }).entryId === 'e-cross',
    );
    expect(timelineEntryOf(logged!)).toEqual({
      revision: logged!.revision,
      position: logged!.position,
      eventId: logged!.eventId,
      type: 'TimeLogged',
      what: '20 min CCM by rn-lopez (clinical staff): care coordination call, 2026-02-28 23:50',
      who: { actorId: 'rn-lopez', role: 'care_manager' },
      recordedAt: '2026-03-02T15:00:00.000Z',
      recordedAtLocal: '2026-03-02T09:00',
      occurredAt: '2026-02-28T23:50',
      timeZone: 'America/Chicago',
    });
    for (const entry of entries) expect(timelineEntryOf(entry).what.length).toBeGreaterThan(10);
    const corrected = entries.find((e) => e.type === 'TimeCorrected');
    expect(timelineEntryOf(corrected!).what).toBe(
      'Time entry e5 corrected to 5 min on 2026-03-10 10:00 by rn-lopez: typo in minutes',
    );
  });

  it('has one entry per event, in stream order, with the envelope it came from', () => {
    expect(entries.map(timelineEntryOf)).toEqual(
      envelopes.map((e) =>
        expect.objectContaining({
          revision: e.revision,
          position: e.position,
          eventId: e.eventId,
          type: e.event.type,
          who: { actorId: e.actorId, role: e.actorRole },
          recordedAt: e.recordedAt,
          occurredAt: e.occurredAt,
        }),
      ),
    );
  });
});
