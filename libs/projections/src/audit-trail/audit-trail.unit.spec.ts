import { envelopesOf } from '../testing/fold-patient-months';
import { itemIndexesInMemory } from '../testing/audit-items';
import { PRACTICE, standardStory } from '../testing/scenario';
import { auditEntryOf, type AuditEntry } from './audit-entry';
import { evolveAudit, type AuditHeader } from './audit-index';

describe('audit trail (given events, then changes with links)', () => {
  let entries: AuditEntry[];
  let envelopes: ReturnType<typeof envelopesOf>;
  beforeAll(async () => {
    envelopes = envelopesOf(await (await standardStory()).events(), PRACTICE, 'pt-1');
    let header: AuditHeader | undefined;
    const items = itemIndexesInMemory();
    entries = [];
    for (const envelope of envelopes) {
      const next = evolveAudit(header, envelope, items);
      if (next) {
        items.keep(next.item);
        header = next.header;
        entries.push(auditEntryOf(envelope, next.note));
      }
    }
  });

  const byType = (type: string) => entries.filter((e) => e.type === type);

  it('links a correction to the entry it changes, with the values it replaced (TIME-16)', () => {
    const logged = entries.find(
      (e) => e.type === 'TimeLogged' && (e.change as { entryId: string }).entryId === 'e5',
    )!;
    const [correction] = byType('TimeCorrected');
    expect(correction.links).toEqual([
      {
        relation: 'corrects',
        kind: 'time_entry',
        id: 'e5',
        originalRevision: logged.revision,
        previousRevision: logged.revision,
        before: { minutes: 15, serviceDate: '2026-03-10', startTime: '10:00' },
      },
    ]);
    expect(correction.change).toEqual({
      entryId: 'e5',
      minutes: 5,
      serviceDate: '2026-03-10',
      startTime: '10:00',
      reason: 'typo in minutes',
      correctedBy: 'rn-lopez',
    });
    expect(correction.actor).toEqual({ id: 'rn-lopez', role: 'care_manager' });
  });

  it('links a void to the entry it voids', () => {
    const logged = entries.find(
      (e) => e.type === 'TimeLogged' && (e.change as { entryId: string }).entryId === 'e6',
    )!;
    expect(byType('TimeVoided')[0].links).toEqual([
      {
        relation: 'voids',
        kind: 'time_entry',
        id: 'e6',
        originalRevision: logged.revision,
        previousRevision: logged.revision,
      },
    ]);
  });

  it('shows recorded-at against occurred-at: the entry for 28 February recorded on 2 March is 2 days late', () => {
    const late = entries.find((e) => (e.change as { entryId?: string }).entryId === 'e-cross')!;
    expect([late.occurredAt, late.recordedAtLocal, late.recordedAfterDays]).toEqual([
      '2026-02-28T23:50',
      '2026-03-02T09:00',
      2,
    ]);
  });

  it('follows the hash chain and flags an event that does not continue it', () => {
    expect(entries.every((e) => e.chain.intact)).toBe(true);
    let header: AuditHeader | undefined;
    const items = itemIndexesInMemory();
    for (const envelope of envelopes.slice(0, 3)) header = evolveAudit(header, envelope, items)!.header;
    const forged = { ...envelopes[3], previousHash: 'not-the-previous-hash' };
    expect(auditEntryOf(forged, evolveAudit(header, forged, items)!.note).chain.intact).toBe(false);
  });

  it('changes nothing for a redelivered revision', () => {
    let header: AuditHeader | undefined;
    const items = itemIndexesInMemory();
    for (const envelope of envelopes) {
      const next = evolveAudit(header, envelope, items);
      items.keep(next?.item);
      header = next?.header ?? header;
    }
    expect(evolveAudit(header, envelopes[5], items)).toBeUndefined();
  });
});
